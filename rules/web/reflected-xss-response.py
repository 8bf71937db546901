import html

from django.http import HttpResponse, JsonResponse
from flask import Flask, jsonify, make_response, render_template
from flask import request as flask_request

app = Flask(__name__)


def search(request):
    # ruleid: reflected-xss-response
    return HttpResponse(f"<h1>Results for {request.GET.get('q', '')}</h1>")


def greet(request):
    # ruleid: reflected-xss-response
    return HttpResponse("<p>Hello " + request.POST["name"] + "</p>")


@app.route("/hello")
def hello():
    # ruleid: reflected-xss-response
    return "<p>Hello %s</p>" % flask_request.args["name"]


@app.route("/echo")
def echo():
    # ruleid: reflected-xss-response
    return make_response("<pre>{}</pre>".format(flask_request.form.get("text")))


def search_escaped(request):
    # ok: reflected-xss-response
    return HttpResponse(f"<h1>Results for {html.escape(request.GET.get('q', ''))}</h1>")


def page_number(request):
    # ok: reflected-xss-response
    return HttpResponse(f"<p>Page {int(request.GET.get('page', 1))}</p>")


def plain(request):
    # ok: reflected-xss-response
    return HttpResponse(request.GET.get("q", ""), content_type="text/plain")


@app.route("/api/echo")
def api_echo():
    # ok: reflected-xss-response
    return jsonify({"text": flask_request.args.get("text")})


@app.route("/profile")
def profile():
    # ok: reflected-xss-response
    return render_template("profile.html", name=flask_request.args.get("name"))


def as_json(request):
    # ok: reflected-xss-response
    return JsonResponse({"q": request.GET.get("q")})
