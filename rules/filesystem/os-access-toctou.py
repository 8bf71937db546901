import os
import subprocess
from os import access, W_OK


def read_config(path):
    if os.access(path, os.R_OK):
        # ruleid: os-access-toctou
        with open(path) as handle:
            return handle.read()
    return None


def remove_report(path):
    if not access(path, W_OK):
        raise PermissionError(path)
    # ruleid: os-access-toctou
    os.remove(path)


def run_tool(tool):
    if os.access(tool, os.X_OK):
        # ruleid: os-access-toctou
        subprocess.run([tool, "--version"], check=True)


def read_config_directly(path):
    try:
        # ok: os-access-toctou
        with open(path) as handle:
            return handle.read()
    except (FileNotFoundError, PermissionError):
        return None


def writable(path, other):
    if os.access(path, os.W_OK):
        # ok: os-access-toctou
        return open(other).read()
    return None
