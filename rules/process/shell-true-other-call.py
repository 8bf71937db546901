import shlex
import subprocess

from myproject.util import run_command


def archive(name):
    # ruleid: shell-true-other-call
    run_command(f"tar czf {name}.tgz data/", shell=True)


def deploy(connection, branch):
    # ruleid: shell-true-other-call
    connection.run("git checkout " + branch, shell=True, warn=True)


def constant():
    # ok: shell-true-other-call
    run_command("ls -l | wc -l", shell=True)


def quoted(path):
    # ok: shell-true-other-call
    run_command(f"wc -l {shlex.quote(path)}", shell=True)


def plain_subprocess(command):
    # ok: shell-true-other-call
    subprocess.run(command, shell=True)
