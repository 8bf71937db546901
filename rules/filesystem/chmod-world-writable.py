import os
import stat
from os import chmod as change_mode
from pathlib import Path

SHARED_MODE = 0o666


def publish(path):
    # ruleid: chmod-world-writable
    os.chmod(path, 0o777)


def share_socket(path):
    # ruleid: chmod-world-writable
    os.chmod(path, SHARED_MODE)


def open_up(path):
    # ruleid: chmod-world-writable
    Path(path).chmod(stat.S_IRWXU | stat.S_IRWXO)


def make_executable(path):
    # ruleid: chmod-world-writable
    Path(path).chmod(511)


def protect_key(path):
    # ok: chmod-world-writable
    os.chmod(path, 0o600)


def publish_readable(path):
    # ok: chmod-world-writable
    os.chmod(path, 0o644)


def make_script_executable(path):
    # ok: chmod-world-writable
    Path(path).chmod(0o755)


def private_dir(path):
    # ok: chmod-world-writable
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IXUSR)


def open_socket_dir(path):
    # ruleid: chmod-world-writable
    change_mode(path, mode=0o1777)


def group_shared(path):
    # ok: chmod-world-writable
    change_mode(path, 0o770)
