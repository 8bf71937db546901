# ruleid: subprocess-import
import subprocess
# ruleid: subprocess-import
import subprocess as sp
# ruleid: subprocess-import
from subprocess import run
# ok: subprocess-import
import shlex
# ok: subprocess-import
from asyncio import subprocess as asyncio_subprocess


def helper():
    # ruleid: subprocess-import
    from subprocess import check_output as output

    return output, run, sp, subprocess, shlex, asyncio_subprocess


def late_runner():
    import importlib

    # ruleid: subprocess-import
    runner = __import__("subprocess")
    # ruleid: subprocess-import
    other = importlib.import_module("subprocess")
    # ok: subprocess-import
    quoting = importlib.import_module("shlex")
    return runner, other, quoting
