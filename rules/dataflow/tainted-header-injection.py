from flask import Flask, make_response, request

app = Flask(__name__)
LANGUAGES = {"en", "fr", "de"}


@app.route("/download")
def download():
    name = request.args["name"]
    response = make_response("data")
    # ruleid: tainted-header-injection
    response.headers["Content-Disposition"] = f"attachment; filename={name}"
    # ok: tainted-header-injection
    response.headers["Content-Type"] = "text/plain"
    return response


@app.route("/lang")
def lang():
    choice = request.args["lang"]
    response = make_response("ok")
    # ruleid: tainted-header-injection
    response.set_cookie("lang", choice)
    if choice in LANGUAGES:
        # ok: tainted-header-injection
        response.set_cookie("lang", choice)
    return response
