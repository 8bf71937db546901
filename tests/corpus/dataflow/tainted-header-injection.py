"""HTTP response header injection (CWE-113): request values in response headers and cookies."""
import uuid

from django.http import HttpResponse
from fastapi import FastAPI
from fastapi.responses import Response as FastAPIResponse
from flask import Flask, Response, abort, make_response, request

app = Flask(__name__)
api = FastAPI()

LANGUAGES = {"en", "de", "fr"}
TRACE_HEADERS = 0


@app.route("/lang")
def set_language():
    lang = request.args["lang"]
    response = make_response("ok")
    # ruleid: tainted-header-injection
    response.headers["Content-Language"] = lang
    return response


@app.route("/lang-checked")
def set_language_checked():
    lang = request.args["lang"]
    if lang not in LANGUAGES:
        abort(400)
    response = make_response("ok")
    # ok: tainted-header-injection
    response.headers["Content-Language"] = lang
    return response


@app.route("/download/<name>")
def download(name):
    response = make_response(b"...")
    # ruleid: tainted-header-injection
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    return response


@app.route("/theme")
def theme():
    choice = request.args.get("theme", "light")
    response = make_response("saved")
    # ruleid: tainted-header-injection
    response.set_cookie("theme", choice)
    return response


@app.route("/theme-default")
def theme_default():
    choice = request.args.get("theme")
    choice = "light"
    response = make_response("saved")
    # ok: tainted-header-injection
    response.set_cookie("theme", choice)
    return response


@app.route("/trace")
def trace():
    request_id = str(uuid.uuid4())
    if TRACE_HEADERS:
        request_id = request.headers["X-Request-Id"]
    response = make_response("ok")
    # ok: tainted-header-injection
    response.headers["X-Request-Id"] = request_id
    return response


@app.route("/page")
def page():
    per_page = int(request.args.get("per_page", "20"))
    # ok: tainted-header-injection
    return Response("[]", headers={"X-Per-Page": str(per_page)})


@app.route("/refresh")
def refresh():
    target = request.args.get("next", "/")
    # ruleid: tainted-header-injection
    return Response("redirecting", headers={"Refresh": "0; url=" + target})


def cache_control(max_age):
    """Propagates: puts the age into the directive."""
    return "public, max-age=" + max_age


@app.route("/cached")
def cached():
    response = make_response("data")
    # ruleid: tainted-header-injection
    response.headers["Cache-Control"] = cache_control(request.args["age"])
    return response


def default_cache_control(_max_age):
    """Ignores the asked age: one hour."""
    return "public, max-age=3600"


@app.route("/cached-default")
def cached_default():
    response = make_response("data")
    # ok: tainted-header-injection
    response.headers["Cache-Control"] = default_cache_control(request.args["age"])
    return response


def export(request):
    """Django view: the filename from the query string."""
    filename = request.GET.get("name", "export.csv")
    response = HttpResponse("a,b\n", content_type="text/csv")
    # ruleid: tainted-header-injection
    response["Content-Disposition"] = 'attachment; filename="%s"' % filename
    return response


def export_numbered(request):
    """Django view: only the report number reaches the header."""
    number = int(request.GET.get("n", "1"))
    response = HttpResponse("a,b\n", content_type="text/csv")
    # ok: tainted-header-injection
    response["Content-Disposition"] = 'attachment; filename="report-%d.csv"' % number
    return response


@api.get("/token")
def token(client: str):
    """FastAPI query parameter copied into a response header."""
    # ruleid: tainted-header-injection
    return FastAPIResponse(content="ok", headers={"X-Client": client})


@api.get("/token-fixed")
def token_fixed(client: str):
    """FastAPI: the client is echoed in the body, the header is constant."""
    headers = {"X-Client": "web", "X-Requested": client}
    # ok: tainted-header-injection
    return FastAPIResponse(content="ok", headers={"X-Client": headers["X-Client"]})
