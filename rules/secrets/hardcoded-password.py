import os

import psycopg
import requests

# ruleid: hardcoded-password
DB_PASSWORD = "s3cr3t-Pa55"

# ruleid: hardcoded-password
STRIPE_API_KEY = "sk_live_51HxQ2bKz8e1v0Ya"

DATABASES = {
    "default": {
        "NAME": "app",
        # ruleid: hardcoded-password
        "PASSWORD": "pg-admin-2023",
    }
}


class Client:
    def __init__(self):
        # ruleid: hardcoded-password
        self.token = "ghp_R2d2C3p0x9Y8w7V6u5T4s3"


def connect():
    # ruleid: hardcoded-password
    return psycopg.connect(host="db", user="app", password="hunter2!")


def login(user, passwd):
    # ruleid: hardcoded-password
    return requests.post("https://example.com/login", data={"user": user, "password": "Tr0ub4dor&3"})


def open_vault(client):
    # ruleid: hardcoded-password
    return client.unlock(path="kv/app", token="hvs.CAESIJ3kq9xZ")


# ok: hardcoded-password
def login_with_default(user, passwd="letmein42"):
    return requests.post("https://example.com/login", data={"user": user, "password": passwd})


# ok: hardcoded-password
DB_PASSWORD_FROM_ENV = os.environ.get("DB_PASSWORD", "")

# ok: hardcoded-password
token_type = "Bearer"

# ok: hardcoded-password
ADMIN_PASSWORD = ""

# ok: hardcoded-password
SMTP_PASSWORD = "changeme"

# ok: hardcoded-password
password_field = "password"


def next_page(client, response):
    # ok: hardcoded-password
    next_token = "NextToken"
    return client.list_objects(ContinuationToken=response.get(next_token))


def check(password, stored):
    # ok: hardcoded-password
    if password == "admin":
        raise ValueError("default password is not allowed")
    return password == stored


def connect_from_env():
    # ok: hardcoded-password
    return psycopg.connect(host="db", user="app", password=os.environ["DB_PASSWORD"])


def template_config():
    # ok: hardcoded-password
    return {"user": "app", "password": "${DB_PASSWORD}"}


# ok: hardcoded-password
API_TOKEN = "API_TOKEN_ENV_VAR"


def redact(url):
    # ok: hardcoded-password
    password = ":****"
    return url.replace(url.password, password)


# ok: hardcoded-password
identifier_token = r"[^\W\d]\w*"
