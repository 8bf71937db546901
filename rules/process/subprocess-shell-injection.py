import shlex
import subprocess
import subprocess as sp
import sys
from subprocess import run as r

GIT = "git"


def compress(path):
    # ruleid: subprocess-shell-injection
    subprocess.run(f"gzip -k {path}", shell=True, check=True)


def list_branch(branch):
    # ruleid: subprocess-shell-injection
    return sp.check_output("git log --oneline " + branch, shell=True, text=True)


def convert(source, target):
    # ruleid: subprocess-shell-injection
    r("convert %s %s" % (source, target), check=True, shell=True)


def ping(host):
    from subprocess import Popen

    # ruleid: subprocess-shell-injection
    return Popen("ping -c 1 {}".format(host), shell=True)


def run_user_command(request):
    command = request.form["command"]
    # ruleid: subprocess-shell-injection
    subprocess.call(command, shell=True)


def disk_usage():
    # ok: subprocess-shell-injection
    return subprocess.check_output("df -h | sort -k5 -r", shell=True, text=True)


def git_version():
    # ok: subprocess-shell-injection
    return subprocess.run(f"{GIT} --version", shell=True, capture_output=True)


def list_directory():
    # ok: subprocess-shell-injection
    subprocess.run(["ls", "-l"], check=True)


def run_tool(path):
    # ok: subprocess-shell-injection
    subprocess.run(shlex.split("black --check") + [path], check=True)


def pip_version():
    # ok: subprocess-shell-injection
    subprocess.run([sys.executable, "-m", "pip", "--version"], check=True)


def archive(path):
    # ok: subprocess-shell-injection
    subprocess.run(f"tar czf backup.tgz {shlex.quote(path)}", shell=True, check=True)


SHELL_WANTED = "yes"


def run_with_truthy_flags(command):
    # ruleid: subprocess-shell-injection
    subprocess.call(command, shell=1)
    # ruleid: subprocess-shell-injection
    subprocess.call(command, shell="False")
    # ruleid: subprocess-shell-injection
    subprocess.call(command, shell=SHELL_WANTED)
    # ok: subprocess-shell-injection
    subprocess.call(command, shell=0)
    # ok: subprocess-shell-injection
    subprocess.call(command, shell=None)
    # ok: subprocess-shell-injection
    subprocess.call(command, shell=False)
