import aiohttp
import httpx
import requests
from requests import post

INTERNAL_CA = "/etc/pki/internal-ca.pem"


def fetch(url):
    # ruleid: requests-verify-disabled
    return requests.get(url, verify=False, timeout=10).json()


def submit(url, data):
    # ruleid: requests-verify-disabled
    return post(url, json=data, timeout=10, verify=False)


def make_session():
    session = requests.Session()
    # ruleid: requests-verify-disabled
    session.verify = False
    return session


def client():
    # ruleid: requests-verify-disabled
    return httpx.Client(base_url="https://internal", verify=False)


async def download(url):
    # ruleid: requests-verify-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        return await session.get(url)


def fetch_internal(url):
    # ok: requests-verify-disabled
    return requests.get(url, verify=INTERNAL_CA, timeout=10).json()


def fetch_default(url):
    # ok: requests-verify-disabled
    return requests.get(url, timeout=10).json()


def verified_client():
    # ok: requests-verify-disabled
    return httpx.Client(verify=True)


def fetch_aliased(url):
    import requests as rq

    with rq.Session() as session:
        # ruleid: requests-verify-disabled
        return session.get(url, verify=False, timeout=5)


def stream(url):
    from httpx import stream as open_stream

    # ruleid: requests-verify-disabled
    with open_stream("GET", url, verify=False) as response:
        return response.read()


def verify_from_settings(url, settings):
    # ok: requests-verify-disabled
    return requests.get(url, verify=settings.CA_BUNDLE, timeout=10)
