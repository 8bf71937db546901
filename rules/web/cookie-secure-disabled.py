from flask import Flask, make_response

app = Flask(__name__)

# ruleid: cookie-secure-disabled
SESSION_COOKIE_SECURE = False

# ruleid: cookie-secure-disabled
CSRF_COOKIE_SECURE = False

# ok: cookie-secure-disabled
SESSION_COOKIE_SECURE = True

# ok: cookie-secure-disabled
CSRF_COOKIE_HTTPONLY = False


def configure():
    # ruleid: cookie-secure-disabled
    app.config.update(SESSION_COOKIE_SECURE=False, SESSION_COOKIE_SAMESITE="Lax")


def tracking():
    response = make_response("ok")
    # ruleid: cookie-secure-disabled
    response.set_cookie("visitor", "1", secure=False, httponly=True, samesite="Lax")
    return response


def connect(client):
    # ok: cookie-secure-disabled
    return client.connect(secure=False)
