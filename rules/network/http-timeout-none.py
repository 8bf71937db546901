import httpx
import requests
from httpx import AsyncClient


def client():
    # ruleid: http-timeout-none
    return httpx.Client(base_url="https://api.example-corp.com", timeout=None)


async def fetch(url):
    # ruleid: http-timeout-none
    async with AsyncClient(timeout=None) as session:
        return await session.get(url)


def download(url):
    # ruleid: http-timeout-none
    return requests.get(url, stream=True, timeout=None)


def unlimited():
    # ruleid: http-timeout-none
    return httpx.Timeout(None)


def bounded_client():
    # ok: http-timeout-none
    return httpx.Client(timeout=10.0)


def default_client():
    # ok: http-timeout-none
    return httpx.Client()


def split_timeouts():
    # ok: http-timeout-none
    return httpx.Timeout(10.0, connect=5.0, pool=None)
