import logging
import os
import tempfile
from pathlib import Path as P

CACHE_DIR = "/var/tmp/app-cache"


def write_report(report):
    # ruleid: hardcoded-tmp-path
    with open("/tmp/report.csv", "w") as handle:
        handle.write(report)


def cache_file(name):
    # ruleid: hardcoded-tmp-path
    return os.path.join(CACHE_DIR, name)


def shared_memory():
    # ruleid: hardcoded-tmp-path
    return P("/dev/shm/app.lock")


def debug_log():
    # ruleid: hardcoded-tmp-path
    return logging.FileHandler("/tmp/app-debug.log")


def scratch_dir():
    # ok: hardcoded-tmp-path
    return tempfile.mkdtemp(dir="/tmp")


def is_temporary(path):
    # ok: hardcoded-tmp-path
    return path.startswith("/tmp/")


def warn(path):
    # ok: hardcoded-tmp-path
    logging.warning("refusing to write under /tmp: %s", path)


def local_file():
    # ok: hardcoded-tmp-path
    return open("/tmpfiles.txt")


def share_socket():
    # ruleid: hardcoded-tmp-path
    os.chmod("/tmp/app.sock", 0o660)


def share_own_socket(runtime_dir):
    # ok: hardcoded-tmp-path
    os.chmod(os.path.join(runtime_dir, "app.sock"), 0o660)
    # ok: hardcoded-tmp-path
    os.chmod("/tmpdata/app.sock", 0o660)
