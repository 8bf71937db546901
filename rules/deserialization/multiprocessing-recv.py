import json
import multiprocessing
import multiprocessing.connection as mpc
import os
from multiprocessing.connection import Client, Listener


def serve_jobs(run):
    with Listener(("0.0.0.0", 6000)) as listener:
        with listener.accept() as conn:
            # ruleid: multiprocessing-recv
            job = conn.recv()
            run(job)


def fetch_result(host):
    connection = mpc.Client((host, 6000))
    # ruleid: multiprocessing-recv
    return connection.recv()


def serve_once():
    listener = Listener(("0.0.0.0", 6001))
    conn = listener.accept()
    # ruleid: multiprocessing-recv
    return conn.recv()


def serve_authenticated(run):
    key = os.environb[b"WORKER_KEY"]
    with Listener(("127.0.0.1", 6000), authkey=key) as listener:
        with listener.accept() as conn:
            # ok: multiprocessing-recv
            run(conn.recv())


def fetch_authenticated(host, key):
    connection = Client((host, 6000), authkey=key)
    # ok: multiprocessing-recv
    return connection.recv()


def serve_bytes():
    with Listener(("127.0.0.1", 6002)) as listener:
        with listener.accept() as conn:
            # ok: multiprocessing-recv
            return json.loads(conn.recv_bytes())


def local_pipe(worker):
    parent, child = multiprocessing.Pipe()
    multiprocessing.Process(target=worker, args=(child,)).start()
    # ok: multiprocessing-recv
    return parent.recv()
