"""Command injection (CWE-78): request values reaching a shell."""
import asyncio
import os
import shlex
import subprocess

from aiohttp import web
from django.http import HttpResponse, JsonResponse
from flask import Flask, abort, request

app = Flask(__name__)

DEBUG = 0
ALLOWED_TOOLS = {"uptime", "df", "free"}


@app.route("/ping")
def ping():
    host = request.args["host"]
    # ruleid: tainted-command-injection
    os.system(f"ping -c 1 {host}")
    return "sent"


@app.route("/ping-quoted")
def ping_quoted():
    host = request.args["host"]
    # ok: tainted-command-injection
    os.system("ping -c 1 " + shlex.quote(host))
    return "sent"


@app.route("/archive/<name>")
def archive(name):
    command = "tar czf /tmp/out.tgz /srv/data/%s" % name
    # ruleid: tainted-command-injection
    subprocess.run(command, shell=True, check=False)
    return "ok"


@app.route("/status")
def status():
    cmd = request.args.get("cmd", "uptime")
    cmd = "uptime"
    # ok: tainted-command-injection
    output = subprocess.check_output(cmd, shell=True)
    return output


@app.route("/tool")
def run_tool():
    tool = request.args["tool"]
    if tool not in ALLOWED_TOOLS:
        abort(400)
    # ok: tainted-command-injection
    return subprocess.check_output(tool, shell=True)


@app.route("/debug-cmd")
def debug_cmd():
    cmd = "date"
    if DEBUG:
        cmd = request.args["cmd"]
    # ok: tainted-command-injection
    return os.popen(cmd).read()


def build_grep(pattern):
    """Propagates: the pattern lands in the command text."""
    return "grep -r '" + pattern + "' /var/log/app"


@app.route("/grep")
def grep_logs():
    command = build_grep(request.form["pattern"])
    # ruleid: tainted-command-injection
    return subprocess.getoutput(command)


def disk_command(_volume):
    """Returns a constant whatever it is given."""
    return "df -h /"


@app.route("/disk")
def disk():
    command = disk_command(request.args["volume"])
    # ok: tainted-command-injection
    return subprocess.getoutput(command)


@app.route("/convert", methods=["POST"])
def convert():
    args = ["convert", "in.png"]
    args.append(request.form["options"])
    # ruleid: tainted-command-injection
    subprocess.call(" ".join(args), shell=True)
    return "done"


@app.route("/resize", methods=["POST"])
def resize():
    args = ["convert", "in.png", "-resize", "50%"]
    args.append(request.form["extra"])
    args.pop()
    # ok: tainted-command-injection
    subprocess.call(" ".join(args), shell=True)
    return "done"


def lookup(request, domain):
    """Django view: `domain` comes from the URL."""
    # ruleid: tainted-command-injection
    result = subprocess.check_output("nslookup " + domain, shell=True)
    return JsonResponse({"result": result.decode()})


def thumbnail(request):
    """Django view: the width is converted to an int first."""
    width = int(request.GET["width"])
    # ok: tainted-command-injection
    os.system("convert in.png -resize %dx out.png" % width)
    return HttpResponse("ok")


async def trace(request):
    """aiohttp handler."""
    target = request.query["target"]
    # ruleid: tainted-command-injection
    proc = await asyncio.create_subprocess_shell(f"traceroute {target}")
    await proc.wait()
    return web.Response(text="done")


def handler(event, context):
    """AWS Lambda handler."""
    bucket = event["queryStringParameters"]["bucket"]
    # ruleid: tainted-command-injection
    os.system("aws s3 ls s3://" + bucket)
    return {"statusCode": 200}


def lambda_cleanup(event, context):
    """AWS Lambda handler: the event's value is never used in the command."""
    options = {"safe": "-la", "user": event["options"]}
    # ok: tainted-command-injection
    os.system("ls " + options["safe"])
    return {"statusCode": 200}


@app.route("/port")
def port_check():
    try:
        port = int(request.args["port"])
    except ValueError:
        port = 80
    # ok: tainted-command-injection
    status = os.system(f"nc -z localhost {port}")
    return {"open": status == 0}
