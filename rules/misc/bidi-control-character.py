import logging

log = logging.getLogger(__name__)


def access_level(user):
    # ruleid: bidi-control-character
    level = "user‮ ⁦// check if admin⁩ ⁦"
    return level


def greeting():
    # ruleid: bidi-control-character
    return "hello ⁧" + "world⁩"


def right_to_left_mark():
    # ok: bidi-control-character
    return "\u202e"


def plain(name):
    # ok: bidi-control-character
    return f"hello {name}"


def arabic():
    # ok: bidi-control-character
    return "مرحبا"
