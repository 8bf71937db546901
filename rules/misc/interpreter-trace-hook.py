import sys
import threading
from sys import setprofile as set_profile


def watch(frame, event, arg):
    return watch


def install():
    # ruleid: interpreter-trace-hook
    sys.settrace(watch)
    # ruleid: interpreter-trace-hook
    threading.settrace(watch)


def profile_all():
    # ruleid: interpreter-trace-hook
    set_profile(watch)


def uninstall():
    # ok: interpreter-trace-hook
    sys.settrace(None)


def current():
    # ok: interpreter-trace-hook
    return sys.gettrace()
