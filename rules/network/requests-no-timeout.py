import requests
import requests as rq
from requests import post as send


def items():
    # ruleid: requests-no-timeout
    return requests.get("https://api.example-corp.com/v1/items").json()


def create(data):
    # ruleid: requests-no-timeout
    return send("https://api.example-corp.com/v1/items", json=data)


def with_session(url):
    with rq.Session() as session:
        # ruleid: requests-no-timeout
        return session.get(url, headers={"Accept": "application/json"})


def generic(method, url):
    # ruleid: requests-no-timeout
    return requests.request(method, url)


def items_with_timeout():
    # ok: requests-no-timeout
    return requests.get("https://api.example-corp.com/v1/items", timeout=10).json()


def forward(url, **kwargs):
    # ok: requests-no-timeout
    return requests.get(url, **kwargs)


def session_with_timeout(url):
    session = requests.Session()
    # ok: requests-no-timeout
    return session.post(url, json={}, timeout=(3.05, 27))
