import multiprocessing
import os
import pty as terminal


def start_worker(run_worker):
    # ruleid: os-fork
    pid = os.fork()
    if pid == 0:
        run_worker()
        os._exit(0)
    return pid


def start_shell():
    # ruleid: os-fork
    pid, fd = terminal.fork()
    return pid, fd


def start_worker_spawned(run_worker):
    context = multiprocessing.get_context("spawn")
    # ok: os-fork
    context.Process(target=run_worker).start()


def pid():
    # ok: os-fork
    return os.getpid()
