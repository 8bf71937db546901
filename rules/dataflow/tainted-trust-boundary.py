from flask import Flask, abort, request, session

app = Flask(__name__)
ROLES = {"viewer", "editor"}


@app.route("/role", methods=["POST"])
def role():
    value = request.form["role"]
    # ruleid: tainted-trust-boundary
    session["requested_role"] = value
    if value not in ROLES:
        abort(400)
    # ok: tainted-trust-boundary
    session["role"] = value
    return "ok"


@app.route("/theme", methods=["POST"])
def theme():
    choice = request.form["theme"]
    # ruleid: tainted-trust-boundary
    session["theme"] = choice
    choice = "dark"
    # ok: tainted-trust-boundary
    session["theme"] = choice
    return "ok"
