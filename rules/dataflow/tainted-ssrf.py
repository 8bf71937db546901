from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED_HOSTS = {"api.example.com"}


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    # ruleid: tainted-ssrf
    body = requests.get(url, timeout=5).text
    if urlparse(url).netloc not in ALLOWED_HOSTS:
        abort(400)
    # ok: tainted-ssrf
    return body + requests.get(url, timeout=5).text


@app.route("/hook", methods=["POST"])
def hook():
    target = request.get_json()["callback"]
    # ruleid: tainted-ssrf
    requests.post(target, json={"ok": True}, timeout=5)
    target = "https://hooks.example.com/ack"
    # ok: tainted-ssrf
    requests.post(target, json={"ok": True}, timeout=5)
    return "ok"
