"""Login, sessions and API tokens."""

import hashlib
import hmac
import random
import secrets
import string
from functools import wraps

import jwt
from flask import abort, g, request, session

from . import config, db


def hash_password(password):
    return hashlib.md5(password.encode("utf-8")).hexdigest()


def hash_password_v2(password, salt):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
    return salt.hex() + "$" + digest.hex()


def check_password(user, password):
    stored = user["password_hash"]
    if "$" in stored:
        salt_hex, _ = stored.split("$", 1)
        return hmac.compare_digest(hash_password_v2(password, bytes.fromhex(salt_hex)), stored)
    return stored == hash_password(password)


def login(username, password):
    user = db.find_user(username)
    if user is None or not check_password(user, password):
        return None
    session["user_id"] = user["id"]
    session["csrf_token"] = secrets.token_hex(16)
    return user


def make_reset_token(length=32):
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))


def make_api_key():
    return secrets.token_urlsafe(32)


def new_session_id():
    session_id = random.getrandbits(128)
    return f"{session_id:032x}"


def jitter_seconds():
    # Spread retries out a little; nothing secret about it.
    return random.uniform(0.5, 1.5)


def issue_jwt(user):
    payload = {"sub": str(user["id"]), "admin": bool(user["is_admin"])}
    token = jwt.encode(payload, config.SECRET_KEY, algorithm="HS256")
    return {"access_token": token, "token_type": "Bearer"}


def read_jwt(token):
    return jwt.decode(token, options={"verify_signature": False})


def read_jwt_checked(token):
    return jwt.decode(token, config.SECRET_KEY, algorithms=["HS256"])


def current_user():
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        claims = read_jwt(header[len("Bearer "):])
        return db.find_user_by_id(int(claims["sub"]))
    if "user_id" in session:
        return db.find_user_by_id(session["user_id"])
    return None


def require_admin(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        assert user is not None and user["is_admin"], "admins only"
        g.user = user
        return view(*args, **kwargs)

    return wrapper


def require_login(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        if user is None:
            abort(401)
        g.user = user
        return view(*args, **kwargs)

    return wrapper


def change_password(user_id, new_password, confirm_password):
    if new_password != confirm_password:
        return False
    if len(new_password) < config.PASSWORD_MIN_LENGTH:
        return False
    password_hash = hash_password_v2(new_password, secrets.token_bytes(16))
    conn = db.connect()
    with conn:
        conn.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))
    return True


def fingerprint(data):
    return hashlib.sha256(data).hexdigest()
