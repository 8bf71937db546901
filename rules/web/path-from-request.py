import os
from pathlib import Path

from django.http import FileResponse
from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
NOTES = Path("/srv/notes")


@app.route("/notes")
def note():
    # ruleid: path-from-request
    with open(os.path.join("notes", request.args["name"])) as handle:
        return handle.read()


@app.route("/upload", methods=["POST"])
def upload():
    upload = request.files["document"]
    # ruleid: path-from-request
    upload.save(NOTES / request.files["document"].filename)
    return "ok"


def download(request):
    # ruleid: path-from-request
    return FileResponse(open(f"/srv/exports/{request.GET.get('file')}", "rb"))


@app.route("/safe-upload", methods=["POST"])
def safe_upload():
    upload = request.files["document"]
    # ok: path-from-request
    upload.save(NOTES / secure_filename(request.files["document"].filename))
    return "ok"


@app.route("/safe-notes")
def safe_note():
    # ok: path-from-request
    return send_from_directory("notes", request.args["name"])


@app.route("/base-notes")
def base_note():
    # ok: path-from-request
    with open(os.path.join("notes", os.path.basename(request.args["name"]))) as handle:
        return handle.read()
