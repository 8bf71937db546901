"""Open redirect (CWE-601): request values choosing where the browser goes next."""
from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from fastapi import FastAPI, HTTPException
from flask import Flask, abort, redirect, request, url_for
from starlette.responses import RedirectResponse

app = Flask(__name__)
api = FastAPI()

SAFE_DESTINATIONS = {"/", "/dashboard", "/settings"}
TRUSTED_HOSTS = {"example.com", "www.example.com"}


@app.route("/login", methods=["POST"])
def login():
    next_url = request.args.get("next", "/")
    # ruleid: tainted-open-redirect
    return redirect(next_url)


@app.route("/login-checked", methods=["POST"])
def login_checked():
    next_url = request.args.get("next", "/")
    if next_url not in SAFE_DESTINATIONS:
        abort(400)
    # ok: tainted-open-redirect
    return redirect(next_url)


@app.route("/go")
def go():
    target = request.args["to"]
    if urlparse(target).netloc not in TRUSTED_HOSTS:
        abort(400)
    # ok: tainted-open-redirect
    return redirect(target)


@app.route("/out")
def outbound():
    target = request.values["url"]
    # ruleid: tainted-open-redirect
    return redirect(target, code=302)


@app.route("/logout")
def logout():
    destination = request.args.get("next")
    destination = url_for("index")
    # ok: tainted-open-redirect
    return redirect(destination)


@app.route("/welcome")
def welcome():
    target = request.args["continue"]
    # ruleid: tainted-open-redirect
    return redirect(f"{target}?welcome=1")


@app.route("/page")
def page():
    number = int(request.args.get("n", "1"))
    # ok: tainted-open-redirect
    return redirect(f"/articles?page={number}")


def after_login_url(default, requested):
    """Propagates: prefers the requested URL when there is one."""
    return requested or default


@app.route("/signin", methods=["POST"])
def signin():
    target = after_login_url("/", request.form.get("next"))
    # ruleid: tainted-open-redirect
    return redirect(target)


def home_url(_requested):
    """Always the home page, whatever was asked for."""
    return "/home"


@app.route("/signout")
def signout():
    target = home_url(request.args.get("next"))
    # ok: tainted-open-redirect
    return redirect(target)


def login_view(request):
    """Django view."""
    next_url = request.GET.get("next", "/")
    # ruleid: tainted-open-redirect
    return HttpResponseRedirect(next_url)


def language_view(request, lang):
    """Django view: the URL parameter is looked up in a fixed table."""
    targets = {"en": "/en/", "de": "/de/"}
    target = "/en/"
    if lang in targets:
        target = targets[lang]
    # ok: tainted-open-redirect
    return django_redirect(target)


def signup_done(request):
    """Django view: the POSTed URL is returned to after signing up."""
    return_to = request.POST["return_to"]
    # ruleid: tainted-open-redirect
    return django_redirect(return_to)


@api.get("/sso/callback")
async def sso_callback(state: str):
    """FastAPI query parameter used as the redirect target."""
    # ruleid: tainted-open-redirect
    return RedirectResponse(url=state)


@api.get("/sso/start")
async def sso_start(provider: str):
    """FastAPI: the redirect goes to a fixed URL; the provider is only checked."""
    if provider != "google":
        raise HTTPException(status_code=404)
    # ok: tainted-open-redirect
    return RedirectResponse(url="https://accounts.google.com/o/oauth2/auth")


@app.route("/continue")
def continue_to():
    target = request.args["next"] if "next" in request.args else "/"
    # ruleid: tainted-open-redirect
    return redirect(target)
