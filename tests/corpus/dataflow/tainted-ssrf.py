"""Server-side request forgery (CWE-918): request values choosing where the server connects."""
import urllib.request
from urllib.parse import urlparse

import aiohttp
import httpx
import requests
from aiohttp import web
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, request

app = Flask(__name__)
api = FastAPI()

ALLOWED_HOSTS = {"api.github.com", "hooks.slack.com"}
AVATAR_SERVICE = "https://avatars.example.com"
USE_PROXY = 1 > 2


@app.route("/fetch")
def fetch():
    url = request.args["url"]
    # ruleid: tainted-ssrf
    response = requests.get(url, timeout=5)
    return response.text


@app.route("/fetch-allowed")
def fetch_allowed():
    url = request.args["url"]
    if urlparse(url).netloc not in ALLOWED_HOSTS:
        abort(400)
    # ok: tainted-ssrf
    response = requests.get(url, timeout=5)
    return response.text


@app.route("/avatar/<int:user_id>")
def avatar(user_id):
    # ok: tainted-ssrf
    response = requests.get(f"{AVATAR_SERVICE}/{user_id}.png", timeout=5)
    return response.content


@app.route("/webhook", methods=["POST"])
def webhook():
    payload = request.get_json()
    target = payload["callback"]
    # ruleid: tainted-ssrf
    requests.post(target, json={"status": "received"}, timeout=5)
    return "ok"


@app.route("/preview")
def preview():
    host = request.args["host"]
    url = "http://%s/health" % host
    # ruleid: tainted-ssrf
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


@app.route("/status")
def status():
    url = "https://status.example.com/api"
    if USE_PROXY:
        url = request.args["proxy"]
    # ok: tainted-ssrf
    return requests.get(url, timeout=5).text


@app.route("/mirror")
def mirror():
    url = request.args.get("url")
    url = "https://mirror.example.com/index.json"
    # ok: tainted-ssrf
    return httpx.get(url).text


def service_url(name):
    """Propagates: builds the URL from the name it is given."""
    return "http://" + name + ".internal:8080/metrics"


@app.route("/metrics")
def metrics():
    url = service_url(request.args["service"])
    # ruleid: tainted-ssrf
    return httpx.get(url).text


def profile_image(request):
    """Django view: the URL of the image to import."""
    image_url = request.POST["image_url"]
    # ruleid: tainted-ssrf
    data = requests.get(image_url, timeout=10).content
    return JsonResponse({"bytes": len(data)})


def import_feed(request):
    """Django view: only the feed index reaches the URL, as an int."""
    feed_id = int(request.GET["feed"])
    # ok: tainted-ssrf
    data = requests.get(f"https://feeds.example.com/{feed_id}.xml", timeout=10).text
    return JsonResponse({"length": len(data)})


async def proxy(request):
    """aiohttp handler."""
    target = request.query["target"]
    async with aiohttp.ClientSession() as session:
        # ruleid: tainted-ssrf
        async with session.get(target) as upstream:
            return web.Response(body=await upstream.read())


@api.get("/unfurl")
async def unfurl(link: str):
    """FastAPI query parameter fetched with httpx."""
    async with httpx.AsyncClient() as client:
        # ruleid: tainted-ssrf
        response = await client.get(link)
    return {"title": response.text[:100]}


@api.get("/ping-partner")
async def ping_partner(partner: str):
    """FastAPI: the partner name picks one of two fixed URLs."""
    urls = {"github": "https://api.github.com", "slack": "https://slack.com/api"}
    url = urls["github"]
    if partner == "slack":
        url = urls["slack"]
    async with httpx.AsyncClient() as client:
        # ok: tainted-ssrf
        response = await client.get(url)
    return {"status": response.status_code}


def handler(event, context):
    """AWS Lambda: the event's URL is added and removed again; the request goes to a constant."""
    endpoints = ["https://api.example.com/v1/sync"]
    endpoints.append(event["url"])
    endpoints.remove(event["url"])
    # ok: tainted-ssrf
    requests.post(endpoints[0], timeout=5)
    return {"statusCode": 202}


@app.route("/sync", methods=["POST"])
def sync():
    try:
        endpoint = request.get_json()["endpoint"]
    except (TypeError, KeyError):
        endpoint = "https://sync.example.com/api"
    # ruleid: tainted-ssrf
    return requests.put(endpoint, timeout=5).text
