"""Log injection (CWE-117): request values formatted into log messages."""
import logging

import tornado.web
from aiohttp import web
from django.http import HttpResponse
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()
logger = logging.getLogger("shop")

ROLES = {"admin", "editor", "viewer"}
VERBOSE = False


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # ruleid: tainted-log-injection
    logger.warning(f"failed login for {user}")
    return "denied", 403


@app.route("/login-role", methods=["POST"])
def login_role():
    role = request.form["role"]
    if role not in ROLES:
        abort(400)
    # ok: tainted-log-injection
    logger.info("login with role " + role)
    return "ok"


@app.route("/order/<order_id>")
def order(order_id):
    # ruleid: tainted-log-injection
    logging.info("order %s viewed" % order_id)
    return "ok"


@app.route("/order-number/<order_id>")
def order_number(order_id):
    number = int(order_id)
    # ok: tainted-log-injection
    logging.info("order %d viewed" % number)
    return "ok"


@app.route("/search")
def search():
    query = request.args.get("q", "")
    message = "search: " + query
    # ruleid: tainted-log-injection
    logger.error(message)
    return "ok"


@app.route("/search-verbose")
def search_verbose():
    message = "search request"
    if VERBOSE:
        message = "search: " + request.args.get("q", "")
    # ok: tainted-log-injection
    logger.debug(message)
    return "ok"


@app.route("/ping")
def ping():
    agent = request.headers.get("User-Agent")
    agent = "health-check"
    # ok: tainted-log-injection
    logger.info("ping from " + agent)
    return "pong"


def describe(user, action):
    """Propagates: both values appear in the description."""
    return "{} did {}".format(user, action)


def audit(request):
    """Django view."""
    # ruleid: tainted-log-injection
    logger.critical(describe(request.user.username, request.GET["action"]))
    return HttpResponse("ok")


def describe_generic(_action):
    """Ignores the action: the audit text is fixed."""
    return "an action was performed"


def audit_generic(request):
    """Django view: the helper returns a constant."""
    # ok: tainted-log-injection
    logger.critical(describe_generic(request.GET["action"]))
    return HttpResponse("ok")


def audit_fields(request):
    """Django view: only the constant field is logged."""
    fields = {"event": "profile-update", "comment": request.POST.get("comment", "")}
    # ok: tainted-log-injection
    logger.info("audit " + fields["event"])
    return HttpResponse("ok")


class UploadHandler(tornado.web.RequestHandler):
    """Tornado handler."""

    def post(self):
        filename = self.get_argument("filename")
        # ruleid: tainted-log-injection
        logger.info("upload of " + filename)
        self.write("ok")


async def feedback(request):
    """aiohttp handler: the POSTed text is logged."""
    form = await request.post()
    # ruleid: tainted-log-injection
    logger.warning("feedback: {}".format(form["text"]))
    return web.Response(text="thanks")


@api.get("/track")
def track(event: str):
    """FastAPI query parameter in the log message."""
    # ruleid: tainted-log-injection
    logger.info("tracked " + event)
    return {"ok": True}
