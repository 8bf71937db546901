import subprocess
from subprocess import Popen

BRANCH = "main"


def disk_usage():
    # ruleid: subprocess-shell-literal
    return subprocess.check_output("du -sh * | sort -h", shell=True, text=True)


def with_branch():
    # ruleid: subprocess-shell-literal
    subprocess.run(f"git log {BRANCH}", shell=True)


def home_listing():
    # ruleid: subprocess-shell-literal
    return Popen("ls $HOME", shell=True)


def bash_only():
    # ruleid: subprocess-shell-literal
    subprocess.run("shopt -s globstar", shell=True, executable="/bin/bash")


def fetch():
    # ok: subprocess-shell-literal
    subprocess.run("git fetch --prune", shell=True, check=True)


def compress(path):
    # ok: subprocess-shell-literal
    subprocess.run(f"gzip -k {path}", shell=True, check=True)


def direct():
    # ok: subprocess-shell-literal
    subprocess.run(["git", "status"], check=True)


def sorted_usage_with_truthy_flag():
    # ruleid: subprocess-shell-literal
    subprocess.run("du -sh * | sort -h", shell="yes")
    # ok: subprocess-shell-literal
    subprocess.run("du -sh * | sort -h", shell=0)
