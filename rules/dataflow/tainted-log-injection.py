import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    # ruleid: tainted-log-injection
    logger.warning(f"failed login for {user}")
    # ok: tainted-log-injection
    logger.warning("failed login for %r", user)
    return "no"


@app.route("/ping")
def ping():
    agent = request.headers.get("User-Agent", "")
    # ruleid: tainted-log-injection
    logging.info("ping from " + agent)
    # ok: tainted-log-injection
    logging.info("ping from " + agent.replace("\n", " "))
    return "pong"
