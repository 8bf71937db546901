"""How deep the analysis sees: attributes, instances, nested code, varargs (see README)."""
import os
import subprocess
from types import SimpleNamespace

from flask import Flask, request

app = Flask(__name__)


class Printer:
    """A service object the views create and call."""

    def __init__(self, queue):
        self.queue = queue

    def send(self, name):
        os.system("lp -d office " + name)

    def status(self, job_id):
        return subprocess.run(["lpstat", "-o", str(job_id)], check=False).returncode


class ArchiveJob:
    """Input stored on self in one method, used in another."""

    def __init__(self):
        self.name = request.args.get("name", "backup")
        self.level = 9

    def run(self):
        # todoruleid: tainted-command-injection
        os.system("tar czf " + self.name + ".tgz /srv/data")

    def compress(self):
        # ok: tainted-command-injection
        os.system("gzip -%d /srv/data/all.tar" % self.level)


@app.route("/print")
def print_document():
    printer = Printer("office")
    # ruleid: tainted-command-injection
    printer.send(request.args["file"])
    return "queued"


@app.route("/print-status")
def print_status():
    printer = Printer("office")
    # ok: tainted-command-injection
    return str(printer.status(request.args["job"]))


@app.route("/options")
def options():
    opts = SimpleNamespace()
    opts.target = request.args["target"]
    opts.flags = "-q"
    # ruleid: tainted-command-injection
    os.system("ping " + opts.flags + " " + opts.target)


@app.route("/options-fixed")
def options_fixed():
    opts = SimpleNamespace()
    opts.target = request.args["target"]
    opts.target = "localhost"
    # ok: tainted-command-injection
    os.system("ping -c 1 " + opts.target)


@app.route("/options-flags")
def options_flags():
    opts = SimpleNamespace()
    opts.target = request.args["target"]
    opts.flags = "-q"
    # ok: tainted-command-injection
    os.system("ping " + opts.flags + " localhost")


@app.route("/later")
def later():
    host = request.args["host"]
    # ruleid: tainted-command-injection
    check = lambda: os.system("ping -c 1 " + host)  # noqa: E731
    return str(check())


@app.route("/later-fixed")
def later_fixed():
    host = request.args["host"]
    # ok: tainted-command-injection
    check = lambda: os.system("ping -c 1 localhost")  # noqa: E731
    return str(check() + len(host))


@app.route("/nested")
def nested():
    host = request.args["host"]

    def check():
        # todoruleid: tainted-command-injection
        return os.system("ping -c 1 " + host)

    return str(check())


def run_all(*commands):
    for command in commands:
        subprocess.run(command, shell=True, check=False)


@app.route("/batch")
def batch():
    # todoruleid: tainted-command-injection
    run_all("sync", request.args["then"])
    return "ok"
