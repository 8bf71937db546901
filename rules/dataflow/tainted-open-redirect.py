from flask import Flask, redirect, request, url_for

app = Flask(__name__)
SAFE_TARGETS = {"/", "/home"}


@app.route("/login")
def login():
    target = request.args.get("next", "/")
    if target in SAFE_TARGETS:
        # ok: tainted-open-redirect
        return redirect(target)
    # ruleid: tainted-open-redirect
    return redirect(target)


@app.route("/go")
def go():
    destination = request.args["to"]
    # ok: tainted-open-redirect
    redirect(url_for("page", name=destination))
    # ruleid: tainted-open-redirect
    return redirect(f"{destination}?welcome=1")
