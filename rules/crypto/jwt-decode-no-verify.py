import jwt
from jose import jwt as jose_jwt

# ruleid: jwt-decode-no-verify
SKIP_VERIFICATION = {"verify_signature": False, "verify_exp": False}


def current_user(token):
    # ruleid: jwt-decode-no-verify
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims["sub"]


def legacy_user(token, key):
    # ruleid: jwt-decode-no-verify
    return jwt.decode(token, key, verify=False)["user_id"]


def tenant_of(token):
    # ruleid: jwt-decode-no-verify
    return jose_jwt.decode(token, None, options={"verify_signature": False})["tenant"]


def decode_for_debugging(token):
    return jwt.decode(token, options=SKIP_VERIFICATION)


def verified_user(token, public_key):
    # ok: jwt-decode-no-verify
    claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="api")
    return claims["sub"]


def key_id(token):
    # ok: jwt-decode-no-verify
    return jwt.get_unverified_header(token)["kid"]


def lenient_expiry(token, key):
    # ok: jwt-decode-no-verify
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})


def header_and_claims(token):
    import jwt as pyjwt

    # ruleid: jwt-decode-no-verify
    return pyjwt.decode_complete(token, options={"verify_signature": False, "verify_aud": False})


def with_instance(token):
    # ruleid: jwt-decode-no-verify
    return jwt.PyJWT().decode(token, options={"verify_signature": False})


def verified_explicitly(token, key):
    # ok: jwt-decode-no-verify
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": True})
