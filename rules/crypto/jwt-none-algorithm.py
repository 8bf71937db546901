import jwt

ALLOWED = ["RS256", "ES256"]


def issue_token(user_id):
    # ruleid: jwt-none-algorithm
    return jwt.encode({"sub": user_id}, None, algorithm="none")


def read_token(token, key):
    # ruleid: jwt-none-algorithm
    return jwt.decode(token, key, algorithms=["HS256", "none"])


def issue_signed_token(user_id, key):
    # ok: jwt-none-algorithm
    return jwt.encode({"sub": user_id}, key, algorithm="HS256")


def read_signed_token(token, key):
    # ok: jwt-none-algorithm
    return jwt.decode(token, key, algorithms=ALLOWED)


def reject_unsigned(token):
    # ok: jwt-none-algorithm
    if jwt.get_unverified_header(token).get("alg") == "none":
        raise PermissionError("unsigned token")


def issue_with_alias(user_id):
    from jwt import encode as make_token

    # ruleid: jwt-none-algorithm
    return make_token({"sub": user_id}, "", algorithm=None)


UNSIGNED_OK = ["none", "HS256"]


def read_lenient(token, key):
    # ruleid: jwt-none-algorithm
    return jwt.PyJWT().decode(token, key, algorithms=UNSIGNED_OK)


def issue_default(user_id, key):
    # ok: jwt-none-algorithm
    return jwt.encode({"sub": user_id}, key)
