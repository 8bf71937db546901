import shlex

import sh
from sh import bash


def count_lines(path):
    # ruleid: sh-shell-command
    return sh.bash("-c", "wc -l " + path)


def grep(pattern, path):
    # ruleid: sh-shell-command
    return bash("-c", f"grep {pattern} {path} | head")


def shell(script):
    # ruleid: sh-shell-command
    return sh.Command("sh")("-c", script)


def count_lines_direct(path):
    # ok: sh-shell-command
    return sh.wc("-l", path)


def pipeline():
    # ok: sh-shell-command
    return sh.bash("-c", "ls | wc -l")


def quoted(path):
    # ok: sh-shell-command
    return sh.bash("-c", "wc -l " + shlex.quote(path))
