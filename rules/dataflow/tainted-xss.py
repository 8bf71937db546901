from html import escape

from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args["name"]
    # ruleid: tainted-xss
    page = make_response(f"<h1>Hello {name}</h1>")
    # ok: tainted-xss
    page = make_response(f"<h1>Hello {escape(name)}</h1>")
    return page


@app.route("/list")
def listing():
    rows = ["<li>%s</li>" % item for item in request.args.getlist("item")]
    # ruleid: tainted-xss
    make_response("<ul>" + "".join(rows) + "</ul>")
    rows = ["<li>%s</li>" % escape(item) for item in request.args.getlist("item")]
    # ok: tainted-xss
    return make_response("<ul>" + "".join(rows) + "</ul>")
