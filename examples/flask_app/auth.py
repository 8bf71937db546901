"""Passwords and tokens for Bookshelf accounts."""
import hashlib
import hmac
import random
import secrets
import string


def hash_password(password):
    """The stored form of a password."""
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def check_password(password, stored_hash):
    """Whether the password matches the stored hash."""
    return hmac.compare_digest(hash_password(password), stored_hash)


def reset_token():
    """A token mailed to the user to reset a forgotten password."""
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(24))


def csrf_token():
    """A per-session token for forms."""
    return secrets.token_urlsafe(32)


def cover_etag(data):
    """A cache validator for cover images; not a security value."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def retry_delay(attempt):
    """Seconds to wait before retrying the mail API, with jitter."""
    return min(60, 2 ** attempt) + random.uniform(0, 1)
