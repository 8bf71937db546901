import subprocess
from subprocess import check_call as cc


def fetch():
    # ruleid: subprocess-shell-list
    subprocess.run(["git", "fetch", "--prune"], shell=True, check=True)


def listing(path):
    # ruleid: subprocess-shell-list
    return subprocess.check_output(["ls", "-l", path], text=True, shell=True)


def build():
    # ruleid: subprocess-shell-list
    cc(["make", "all"], shell=True)


def direct():
    # ok: subprocess-shell-list
    subprocess.run(["git", "status"], check=True)


def shell_string():
    # ok: subprocess-shell-list
    subprocess.run("git status", shell=True)


def explicit_shell():
    # ok: subprocess-shell-list
    subprocess.run(["echo $0"], shell=True, executable="/bin/bash")
