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
        # ruleid: tainted-command-injection
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
        # ruleid: tainted-command-injection
        return os.system("ping -c 1 " + host)

    return str(check())


def run_all(*commands):
    for command in commands:
        subprocess.run(command, shell=True, check=False)


@app.route("/batch")
def batch():
    # ruleid: tainted-command-injection
    run_all("sync", request.args["then"])
    return "ok"


class PingJob:
    """Attributes set in a setter, reassigned, or converted before another method reads them."""

    def __init__(self):
        self.fallback = request.args.get("fallback", "localhost")
        self.fallback = "localhost"
        self.count = int(request.args.get("count", "1"))

    def set_target(self):
        self.target = request.args["target"]

    def ping(self):
        # ruleid: tainted-command-injection
        subprocess.run("ping -c 1 " + self.target, shell=True, check=False)

    def ping_fallback(self):
        # ok: tainted-command-injection
        subprocess.run("ping -c 1 " + self.fallback, shell=True, check=False)

    def ping_count(self):
        # ok: tainted-command-injection
        subprocess.run("ping -c %d localhost" % self.count, shell=True, check=False)


class StaticJob:
    """The same attribute name as PingJob, but this class only ever stores a constant."""

    def __init__(self):
        self.target = "localhost"

    def ping(self):
        # ok: tainted-command-injection
        subprocess.run("ping -c 1 " + self.target, shell=True, check=False)


@app.route("/nested-constant")
def nested_constant():
    host = request.args["host"]
    host = "localhost"

    def check():
        # ok: tainted-command-injection
        return os.system("ping -c 1 " + host)

    return str(check())


@app.route("/nested-late")
def nested_late():
    def check():
        # ruleid: tainted-command-injection
        return os.system("ping -c 1 " + host)

    host = request.args["host"]
    return str(check())


@app.route("/nested-own")
def nested_own():
    host = request.args["host"]

    def check(host):
        # ok: tainted-command-injection
        return os.system("ping -c 1 " + host)

    return str(check("localhost"))


@app.route("/batch-constant")
def batch_constant():
    # ok: tainted-command-injection
    run_all("sync", "df -h")
    return "ok"


def run_named(**commands):
    for command in commands.values():
        subprocess.run(command, shell=True, check=False)


@app.route("/named")
def named():
    # ruleid: tainted-command-injection
    run_named(first="sync", then=request.args["then"])
    return "ok"


@app.route("/named-constant")
def named_constant():
    # ok: tainted-command-injection
    run_named(first="sync", then="df -h")
    return len(request.args)


def run_first(*commands):
    subprocess.run(commands[0], shell=True, check=False)


@app.route("/first")
def first():
    # todook: tainted-command-injection
    run_first("sync", request.args["then"])
    return "ok"
