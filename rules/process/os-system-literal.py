import os
import subprocess


def legacy_disk_free():
    # ruleid: os-system-literal
    return os.popen4("df -h /")[1].read()


def free_space():
    # ruleid: os-system-literal
    return os.popen("df -h / | tail -1").read()


def count_lines():
    # ruleid: os-system-literal
    os.system("wc -l *.py")


def exit_code():
    # ruleid: os-system-literal
    status = os.system("make test")
    return status


def kernel():
    # ruleid: os-system-literal
    return subprocess.getoutput("uname -r")


def refresh():
    # ok: os-system-literal
    os.system("git fetch --prune")


def thumbnail(path):
    # ok: os-system-literal
    os.system("convert " + path + " thumb.png")


def direct():
    # ok: os-system-literal
    subprocess.run(["uname", "-r"], check=True)
