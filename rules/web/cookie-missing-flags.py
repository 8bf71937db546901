import http.cookiejar

from django.http import HttpResponse
from flask import make_response


def login(session):
    response = make_response("ok")
    # ruleid: cookie-missing-flags
    response.set_cookie("session_id", session.id)
    return response


def remember(user):
    response = HttpResponse("ok")
    # ruleid: cookie-missing-flags
    response.set_signed_cookie("user", user.pk, max_age=3600)
    return response


def theme(response, value):
    # ruleid: cookie-missing-flags
    response.set_cookie("theme", value, httponly=True)


def login_safely(session):
    response = make_response("ok")
    # ok: cookie-missing-flags
    response.set_cookie("session_id", session.id, secure=True, httponly=True, samesite="Lax")
    return response


def forward(response, name, value, options):
    # ok: cookie-missing-flags
    response.set_cookie(name, value, **options)


def store(cookie):
    jar = http.cookiejar.CookieJar()
    # ok: cookie-missing-flags
    jar.set_cookie(cookie)


def client_cookie(session, cookie):
    # ok: cookie-missing-flags
    session.cookies.set_cookie(cookie)


def logout(response):
    # ok: cookie-missing-flags
    response.delete_cookie("session_id")
