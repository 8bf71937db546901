import io
import os
import os.path

from flask import Flask, request, send_file
from flask import send_file as serve

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/download")
def download():
    # ruleid: flask-send-file-dynamic
    return send_file(os.path.join(UPLOADS, request.args["name"]), as_attachment=True)


@app.route("/report/<name>")
def report(name):
    # ruleid: flask-send-file-dynamic
    return serve(f"/srv/reports/{name}")


@app.route("/avatar")
def avatar():
    path = UPLOADS + "/" + request.args.get("user")
    # ruleid: flask-send-file-dynamic
    return send_file(path)


@app.route("/logo")
def logo():
    # ok: flask-send-file-dynamic
    return send_file("static/logo.png")


@app.route("/export")
def export():
    buffer = io.BytesIO(b"a,b\n")
    # ok: flask-send-file-dynamic
    return send_file(buffer, mimetype="text/csv", download_name="export.csv")


@app.route("/generated")
def generated():
    # ok: flask-send-file-dynamic
    return send_file(io.BytesIO(b"data"), download_name="data.bin")
