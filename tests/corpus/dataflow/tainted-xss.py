"""Cross-site scripting (CWE-79): request values in HTML the server sends back."""
import html

import markupsafe
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from flask import Flask, Response, make_response, request
from markupsafe import Markup

app = Flask(__name__)
api = FastAPI()

SHOW_PREVIEW = False


@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    # ruleid: tainted-xss
    return make_response(f"<h1>Hello {name}</h1>")


@app.route("/hello-escaped")
def hello_escaped():
    name = html.escape(request.args.get("name", ""))
    # ok: tainted-xss
    return make_response(f"<h1>Hello {name}</h1>")


@app.route("/search")
def search():
    query = request.args["q"]
    body = "<p>No results for " + query + "</p>"
    # ruleid: tainted-xss
    return Response(body, mimetype="text/html")


@app.route("/search-escaped")
def search_escaped():
    query = str(markupsafe.escape(request.args["q"]))
    body = "<p>No results for " + query + "</p>"
    # ok: tainted-xss
    return Response(body, mimetype="text/html")


@app.route("/comment", methods=["POST"])
def comment():
    text = request.form["text"]
    # ruleid: tainted-xss
    rendered = Markup("<div class='comment'>%s</div>" % text)
    return str(rendered)


@app.route("/banner")
def banner():
    message = "<b>Welcome back!</b>"
    if SHOW_PREVIEW:
        message = request.args["preview"]
    # ok: tainted-xss
    return make_response(message)


@app.route("/items")
def items():
    rows = []
    for item in request.args.getlist("item"):
        rows.append("<li>%s</li>" % item)
    # ruleid: tainted-xss
    return make_response("<ul>" + "".join(rows) + "</ul>")


@app.route("/count")
def count():
    rows = [f"<li>{int(n)}</li>" for n in request.args.getlist("n")]
    # ok: tainted-xss
    return make_response("<ul>" + "".join(rows) + "</ul>")


def profile(request, username):
    """Django view: the URL parameter in the page body."""
    # ruleid: tainted-xss
    return HttpResponse(f"<h2>Profile of {username}</h2>")


def profile_safe(request, username):
    """Django view: format_html escapes the argument."""
    # ok: tainted-xss
    return HttpResponse(format_html("<h2>Profile of {}</h2>", username))


def signature(request):
    """Django view: the POSTed signature marked safe."""
    sig = request.POST.get("signature", "")
    # ruleid: tainted-xss
    return HttpResponse(mark_safe("<footer>" + sig + "</footer>"))


def notice(request):
    """Django view: the request value goes into another key than the one shown."""
    parts = {"title": "<h1>Notice</h1>", "draft": request.GET.get("draft", "")}
    # ok: tainted-xss
    return HttpResponse(mark_safe(parts["title"]))


@api.get("/greet", response_class=HTMLResponse)
async def greet(name: str):
    """FastAPI query parameter in an HTML response."""
    # ruleid: tainted-xss
    return HTMLResponse(f"<p>Hi {name}</p>")


@api.get("/greet-escaped", response_class=HTMLResponse)
async def greet_escaped(name: str):
    """FastAPI: escaped before use."""
    safe_name = html.escape(name)
    # ok: tainted-xss
    return HTMLResponse(f"<p>Hi {safe_name}</p>")
