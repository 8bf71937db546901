import os
import shutil
import subprocess
import sys
from subprocess import check_output

GIT = shutil.which("git", path="/usr/bin:/bin") or "/usr/bin/git"


def pull():
    # ruleid: subprocess-partial-path
    subprocess.run(["git", "pull"], check=True)


def build():
    # ruleid: subprocess-partial-path
    os.system("make all")


def version():
    # ruleid: subprocess-partial-path
    return check_output("node --version", text=True)


def pull_absolute():
    # ok: subprocess-partial-path
    subprocess.run(["/usr/bin/git", "pull"], check=True)


def pull_resolved():
    # ok: subprocess-partial-path
    subprocess.run([GIT, "pull"], check=True)


def pip_version():
    # ok: subprocess-partial-path
    subprocess.run([sys.executable, "-m", "pip", "--version"], check=True)


def windows_tool():
    # ok: subprocess-partial-path
    subprocess.run([r"C:\Tools\tool.exe", "/q"], check=True)
