import subprocess
import subprocess as sp
from subprocess import check_output

BRANCH = "main"


def fetch():
    # ruleid: subprocess-shell-needless
    subprocess.run("git fetch --prune", shell=True, check=True)


def version():
    # ruleid: subprocess-shell-needless
    return check_output("python3 --version", text=True, shell=True)


def clean():
    # ruleid: subprocess-shell-needless
    sp.call('make clean', shell=True)


def disk_usage():
    # ok: subprocess-shell-needless
    return subprocess.check_output("df -h | sort -k5 -r", shell=True, text=True)


def go_home():
    # ok: subprocess-shell-needless
    subprocess.run("cd /srv && ls", shell=True)


def listing_windows():
    # ok: subprocess-shell-needless
    subprocess.run("dir", shell=True)


def with_env():
    # ok: subprocess-shell-needless
    subprocess.run("LANG=C sort data.txt", shell=True)


def with_branch():
    # ok: subprocess-shell-needless
    subprocess.run(f"git log {BRANCH}", shell=True)


def bash_only():
    # ok: subprocess-shell-needless
    subprocess.run("shopt -s globstar", shell=True, executable="/bin/bash")


def direct():
    # ok: subprocess-shell-needless
    subprocess.run(["git", "status"], check=True)


def fetch_with_truthy_flag():
    # ruleid: subprocess-shell-needless
    subprocess.run("git fetch --prune", shell=1)
    # ok: subprocess-shell-needless
    subprocess.run("git fetch --prune", shell=None)
