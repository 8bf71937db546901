import os

from flask import Flask, request, send_file, send_from_directory

app = Flask(__name__)
UPLOAD_DIR = "/srv/uploads"


@app.route("/download")
def download():
    name = request.args["name"]
    # ruleid: tainted-path-traversal
    with open(os.path.join(UPLOAD_DIR, name), "rb") as handle:
        data = handle.read()
    # ok: tainted-path-traversal
    with open(os.path.join(UPLOAD_DIR, os.path.basename(name)), "rb") as handle:
        data += handle.read()
    return data


@app.route("/file")
def file():
    filename = request.args["file"]
    if filename == "latest":
        # ok: tainted-path-traversal
        return send_file(os.path.join(UPLOAD_DIR, filename))
    # ok: tainted-path-traversal
    send_from_directory(UPLOAD_DIR, filename)
    # ruleid: tainted-path-traversal
    return send_file(os.path.join(UPLOAD_DIR, filename))
