import jwt
from jose import jwt as jose_jwt


def issue(user, key):
    # ruleid: jwt-sensitive-payload
    return jwt.encode({"sub": user.id, "password": user.password}, key, algorithm="HS256")


def issue_for_partner(user, key):
    payload = {"sub": user.id, "exp": 3600}
    payload["api_key"] = user.api_key
    # ruleid: jwt-sensitive-payload
    return jwt.encode(payload, key, algorithm="HS256")


def issue_jose(user, key):
    # ruleid: jwt-sensitive-payload
    return jose_jwt.encode(dict(sub=user.id, password_hash=user.password_hash), key)


def issue_with_alias(user, key):
    from jwt import encode as sign

    claims = {"sub": user.id, "secret": user.totp_secret}
    # ruleid: jwt-sensitive-payload
    return sign(claims, key, algorithm="HS256")


def issue_safely(user, key):
    # ok: jwt-sensitive-payload
    return jwt.encode({"sub": user.id, "role": user.role}, key, algorithm="HS256")


def issue_reset_token(user, key):
    payload = {"sub": user.id, "purpose": "password_reset"}
    # ok: jwt-sensitive-payload
    return jwt.encode(payload, key, algorithm="HS256")


def hash_password(password):
    # ok: jwt-sensitive-payload
    return {"password": password}
