import os
import sys
from os import execvp


def open_attachment(path):
    # ruleid: os-exec-spawn
    os.startfile(path)


def run_editor(editor, path):
    # ruleid: os-exec-spawn
    execvp(editor, [editor, path])


def launch(program, args):
    # ruleid: os-exec-spawn
    return os.spawnv(os.P_NOWAIT, program, [program, *args])


def restart():
    # ok: os-exec-spawn
    os.execv(sys.executable, [sys.executable] + sys.argv)


def shell():
    # ok: os-exec-spawn
    os.execvp("bash", ["bash", "-l"])


def background_job():
    # ok: os-exec-spawn
    return os.spawnl(os.P_NOWAIT, "/usr/bin/updatedb", "updatedb")
