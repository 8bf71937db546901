import os

import psycopg


# ruleid: hardcoded-password-default
def connect(host, user="app", password="s3cr3t-Pa55"):
    return psycopg.connect(host=host, user=user, password=password)


class Vault:
    # ruleid: hardcoded-password-default
    def __init__(self, url, token="hvs.CAESIJ3kq9xZ"):
        self.url = url
        self.token = token


# ruleid: hardcoded-password-default
async def fetch(url, *, api_key="sk_live_51HxQ2bKz8e1v0Ya", timeout=10):
    return url, api_key, timeout


# ok: hardcoded-password-default
def connect_from_env(host, password=None):
    return psycopg.connect(host=host, password=password or os.environ["DB_PASSWORD"])


# ok: hardcoded-password-default
def login(user, password=""):
    return user, password


# ok: hardcoded-password-default
def render(template, token_type="Bearer"):
    return template.format(token_type)


# ok: hardcoded-password-default
def paginate(client, token="NextToken"):
    return client.list(token)


# ok: hardcoded-password-default
def setup(user, password="changeme"):
    return user, password


# ok: hardcoded-password-default
def lookup(name, api_key="API_KEY"):
    return os.environ[api_key]
