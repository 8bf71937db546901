"""A module where the editor's default rules (the `vuln` tier) leave most definitions lazy:
`total`, `parse`, `Store.__init__` and `Store.size` hold nothing they can match (`d.load`
means nothing until `import yaml as d`, `try-except-pass` is an audit rule), `run` holds a
shell call."""

TEXT = """\
import os
import subprocess


def run(cmd):
    return subprocess.call(cmd, shell=True)


def total(values):
    result = 0
    for value in values:
        result += value
    return result


def parse(stream):
    return d.load(stream)


class Store:
    def __init__(self, path):
        self.path = path

    def size(self):
        try:
            return len(self.path)
        except Exception:
            pass
"""


# A request handler class a rule (audit tier) matches as a whole, a plain class, a secret default.
HANDLER = '''\
import http.server


class Handler(http.server.BaseHTTPRequestHandler):
    def first(self):
        total = 0
        for value in range(3):
            total += value
        return total

    def last(self):
        result = []
        for value in range(3):
            result.append(value)
        return result


class Plain:
    def other(self):
        total = 0
        for value in range(3):
            total += value
        return total


def connect(host, password="hunter2-prod"):
    return host, password
'''
