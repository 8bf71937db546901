import urllib.request

import requests
import urllib3
from httpx import AsyncClient

API = "http://api.example-corp.com/v1"


def users(user, password):
    # ruleid: http-cleartext-url
    return requests.get("http://api.example-corp.com/v1/users", auth=(user, password), timeout=10)


def ping(host):
    # ruleid: http-cleartext-url
    return urllib.request.urlopen(f"http://{host}/health", timeout=5).status


def orders():
    # ruleid: http-cleartext-url
    return requests.post(API + "/orders", json={}, timeout=10)


async def fetch(path):
    async with AsyncClient() as client:
        # ruleid: http-cleartext-url
        return await client.get("http://cdn.example-corp.com/" + path)


def pool_fetch():
    # ruleid: http-cleartext-url
    return urllib3.PoolManager().request("GET", "http://mirror.example-corp.net/index.json")


def secure_users(user, password):
    # ok: http-cleartext-url
    return requests.get("https://api.example-corp.com/v1/users", auth=(user, password), timeout=10)


def local_health():
    # ok: http-cleartext-url
    return requests.get("http://localhost:8080/health", timeout=2)


def loopback():
    # ok: http-cleartext-url
    return urllib.request.urlopen("http://127.0.0.1:9000/metrics", timeout=2)


def schema_reference():
    # ok: http-cleartext-url
    return {"$schema": "http://json-schema.org/draft-07/schema#"}
