import os
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args["host"]
    # ruleid: tainted-command-injection
    os.system(f"ping -c 1 {host}")
    # ok: tainted-command-injection
    os.system("ping -c 1 " + shlex.quote(host))
    # ok: tainted-command-injection
    subprocess.run(["ping", "-c", "1", host], check=True)
    return "sent"


@app.route("/archive/<name>")
def archive(name):
    command = "tar czf /tmp/out.tgz /srv/data/%s" % name
    # ruleid: tainted-command-injection
    subprocess.run(command, shell=True, check=False)
    command = "tar czf /tmp/out.tgz /srv/data/all"
    # ok: tainted-command-injection
    subprocess.run(command, shell=True, check=False)
    return "ok"
