import shlex
import subprocess
import sys
from subprocess import Popen as Start


def clone(url, target):
    # ruleid: subprocess-without-shell
    subprocess.run(["git", "clone", url, target], check=True)


def run_tool(command):
    # ruleid: subprocess-without-shell
    return subprocess.check_output(command, text=True)


def open_viewer(viewer, path):
    # ruleid: subprocess-without-shell
    return Start((viewer, path))


def install(package):
    # ruleid: subprocess-without-shell
    subprocess.check_call([sys.executable, "-m", "pip", "install", package])


def status():
    # ok: subprocess-without-shell
    return subprocess.run(["git", "status"], capture_output=True, text=True)


def pip_version():
    # ok: subprocess-without-shell
    subprocess.run([sys.executable, "-m", "pip", "--version"], check=True)


def black_check():
    # ok: subprocess-without-shell
    subprocess.run(shlex.split("black --check ."), check=True)


def uptime():
    # ok: subprocess-without-shell
    return subprocess.check_output("uptime")


def compress(path):
    # ok: subprocess-without-shell
    subprocess.run(f"gzip -k {path}", shell=True, check=True)


def revision():
    # ok: subprocess-without-shell
    return subprocess.check_output("git rev-parse --short HEAD".split(" "))


def flagged(command, use_shell):
    # ok: subprocess-without-shell
    subprocess.run(command, shell=1)
    # ruleid: subprocess-without-shell
    subprocess.run(command, shell=0)
