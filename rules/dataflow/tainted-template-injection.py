from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args["name"]
    # ruleid: tainted-template-injection
    page = render_template_string("<h1>Hello " + name + "</h1>")
    # ok: tainted-template-injection
    page += render_template_string("<h1>Hello {{ name }}</h1>", name=name)
    return page


@app.route("/preview", methods=["POST"])
def preview():
    source = request.form["template"]
    # ruleid: tainted-template-injection
    page = render_template_string(source)
    source = "<p>{{ body }}</p>"
    # ok: tainted-template-injection
    return page + render_template_string(source, body=request.form["body"])
