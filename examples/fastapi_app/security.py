"""API users: password hashes, access tokens and one-time codes."""
import hashlib
import random
import secrets
from datetime import datetime, timedelta, timezone

import jwt

SECRET_KEY = "inventory-jwt-signing-key-2024"
ALGORITHM = "HS256"
TOKEN_LIFETIME = timedelta(hours=8)


def hash_password(password, salt):
    """The stored form of a password."""
    return hashlib.sha1((salt + password).encode("utf-8")).hexdigest()


def new_salt():
    """A fresh salt for a password hash."""
    return secrets.token_hex(16)


def access_token(username):
    """A signed access token for the user."""
    expires = datetime.now(timezone.utc) + TOKEN_LIFETIME
    return jwt.encode({"sub": username, "exp": expires}, SECRET_KEY, algorithm=ALGORITHM)


def token_subject(token):
    """The user a token was issued to, after checking its signature."""
    return jwt.decode(token, SECRET_KEY, algorithms=[ALGORITHM])["sub"]


def login_code():
    """The six-digit code texted to a user who signs in from a new device."""
    return f"{random.randint(0, 999999):06d}"


def request_id():
    """An id for log correlation; not a secret."""
    return hashlib.md5(secrets.token_bytes(8), usedforsecurity=False).hexdigest()
