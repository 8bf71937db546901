import hashlib
import hashlib as h
import hmac
from hashlib import sha1


def store_password(user, password):
    # ruleid: weak-hash
    user.password_hash = hashlib.md5(password.encode()).hexdigest()


def sign(secret, message):
    # ruleid: weak-hash
    return sha1(secret + message).hexdigest()


def verify_download(data, expected):
    # ruleid: weak-hash
    digest = h.new("md5", data).hexdigest()
    return digest == expected


def verify_upload(data, expected):
    # ruleid: weak-hash
    return h.new(name="sha1", data=data).hexdigest() == expected


def token_digest(token):
    # ruleid: weak-hash
    hasher = hashlib.sha1(token)
    return hasher.hexdigest()


def page_cache_key(url):
    # ok: weak-hash
    cache_key = hashlib.md5(url.encode()).hexdigest()
    return cache_key


def response_etag(body):
    # ok: weak-hash
    etag = hashlib.sha1(body).hexdigest()
    return etag


def dedupe_id(data):
    # ok: weak-hash
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def integrity(data):
    # ok: weak-hash
    return hashlib.sha256(data).hexdigest()


def totp_code(key, counter):
    # ok: weak-hash
    return hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()


def patch_name(source):
    # ok: weak-hash
    short = hashlib.sha1(source.encode()).hexdigest()[:8]
    return f"fix-{short}.patch"


def generate_etag(data):
    # ok: weak-hash
    return hashlib.sha1(data).hexdigest()


def upload_signature(secret, body):
    # ruleid: weak-hash
    return hashlib.md5(secret + body).hexdigest()


def verify_legacy_download(data, expected):
    # ruleid: weak-hash
    return hashlib.new("sha", data).hexdigest() == expected


def verify_modern_download(data, expected):
    # ok: weak-hash
    return hashlib.new("sha256", data).hexdigest() == expected
