"""Helpers shared by the views: outbound HTTP, crypto, templating."""

import base64
import os
import ssl
import urllib.request

import requests
from Crypto.Cipher import AES, DES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = os.path.join(os.path.dirname(__file__), "templates")

mail_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False)
page_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "xml"]))


def render_email(name, **context):
    return mail_env.get_template(name).render(**context)


def render_page(name, **context):
    return page_env.get_template(name).render(**context)


def fetch_avatar(url):
    response = requests.get(url, verify=False, timeout=5)
    return response.content


def fetch_feed(url):
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.text


def call_legacy_api(url):
    context = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=context) as resp:
        return resp.read()


def call_partner_api(url):
    context = ssl.create_default_context()
    with urllib.request.urlopen(url, context=context, timeout=10) as resp:
        return resp.read()


def legacy_tls_context():
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


def encrypt_legacy_cookie(key, value):
    cipher = DES.new(key[:8], DES.MODE_ECB)
    padded = value + b" " * (-len(value) % 8)
    return base64.b64encode(cipher.encrypt(padded))


def encrypt_field(key, plaintext):
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    padded = plaintext + b"\0" * (-len(plaintext) % 16)
    return encryptor.update(padded) + encryptor.finalize()


def encrypt_field_v2(key, plaintext):
    nonce = os.urandom(12)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    ciphertext, tag = cipher.encrypt_and_digest(plaintext)
    return nonce + tag + ciphertext
