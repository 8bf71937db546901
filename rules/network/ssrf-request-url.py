import requests
import urllib.request
from flask import Flask, request

app = Flask(__name__)


@app.get("/preview")
def preview():
    # ruleid: ssrf-request-url
    return requests.get(request.args["url"], timeout=5).text


@app.post("/webhook-test")
def webhook_test():
    target = request.json.get("callback")
    # ruleid: ssrf-request-url
    return {"status": requests.post(target, json={"ping": True}, timeout=5).status_code}


def proxy_view(request):
    # ruleid: ssrf-request-url
    return urllib.request.urlopen(f"http://{request.GET['host']}/status", timeout=5).read()


@app.get("/user")
def user_profile():
    # ok: ssrf-request-url
    return requests.get(f"https://api.example-corp.com/users/{request.args['id']}", timeout=5).json()


@app.get("/status")
def status():
    # ok: ssrf-request-url
    return requests.get("https://status.example-corp.com/api", timeout=5).json()


def sync(settings):
    # ok: ssrf-request-url
    return requests.get(settings.UPSTREAM_URL, timeout=5).json()
