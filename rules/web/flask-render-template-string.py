import flask
from flask import Flask, render_template, render_template_string, request
from flask import render_template_string as render_text

app = Flask(__name__)
GREETING = "<p>Hello {{ name }}</p>"


@app.errorhandler(404)
def not_found(error):
    # ruleid: flask-render-template-string
    return render_template_string(f"<h1>{request.path} not found</h1>"), 404


@app.route("/preview", methods=["POST"])
def preview():
    source = request.form["template"]
    # ruleid: flask-render-template-string
    return flask.render_template_string(source, user=request.args.get("user"))


@app.route("/banner")
def banner():
    # ruleid: flask-render-template-string
    return render_text("<div>%s</div>" % request.args.get("text", ""))


@app.route("/title")
def title():
    page = "<title>" + request.args["title"] + "</title>"
    # ruleid: flask-render-template-string
    return render_template_string(page)


@app.route("/hello")
def hello():
    # ok: flask-render-template-string
    return render_template_string("<p>Hello {{ name }}</p>", name=request.args.get("name"))


@app.route("/greet")
def greet():
    # ok: flask-render-template-string
    return render_template_string(GREETING, name=request.args.get("name"))


@app.route("/page")
def page():
    # ok: flask-render-template-string
    return render_template("page.html", name=request.args.get("name"))


@app.route("/constant-f")
def constant_f():
    # ok: flask-render-template-string
    return render_template_string(f"{GREETING}<hr>", name="guest")
