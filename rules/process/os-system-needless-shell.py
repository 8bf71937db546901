import os
from os import system as sh


def refresh():
    # ruleid: os-system-needless-shell
    os.system("git fetch --prune")


def clean():
    # ruleid: os-system-needless-shell
    sh('make clean')


def build():
    import os as operating_system

    # ruleid: os-system-needless-shell
    operating_system.system("python3 -m build --wheel")


def clear_screen():
    # ok: os-system-needless-shell
    os.system("cls" if os.name == "nt" else "clear")


def count_lines():
    # ok: os-system-needless-shell
    os.system("wc -l *.py")


def exit_code():
    # ok: os-system-needless-shell
    status = os.system("make test")
    return status


def windows_listing():
    # ok: os-system-needless-shell
    os.system("dir")


def thumbnail(path):
    # ok: os-system-needless-shell
    os.system("convert " + path + " thumb.png")
