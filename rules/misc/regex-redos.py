import re
from re import match as re_match

# ruleid: regex-redos
WORDS = re.compile(r"^(\w+\s?)*$")

# ruleid: regex-redos
EMAIL = re.compile(r"^([a-zA-Z0-9]+)+@example\.com$")

# ok: regex-redos
EMAIL_SAFE = re.compile(r"^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)*@example\.com$")

# ok: regex-redos
VERSION = re.compile(r"(\d+\.)*\d+")

# ok: regex-redos
LITERAL_PARENS = re.compile(r"\(a+\)+")


def is_padded(text):
    # ruleid: regex-redos
    return re_match("(?:x*)+y", text)


def is_number(text):
    # ok: regex-redos
    return re.fullmatch(r"[0-9]+", text)
