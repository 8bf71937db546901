"""Path traversal (CWE-22): request values in file system paths."""
import os
import shutil
import uuid
from pathlib import Path

from django.http import FileResponse, HttpResponse
from fastapi import FastAPI
from flask import Flask, abort, request, send_file, send_from_directory

app = Flask(__name__)
api = FastAPI()

UPLOAD_DIR = "/srv/uploads"
REPORTS = Path("/srv/reports")
TEMPLATES = {"invoice": "invoice.txt", "receipt": "receipt.txt"}


@app.route("/download")
def download():
    name = request.args["file"]
    # ruleid: tainted-path-traversal
    with open(os.path.join(UPLOAD_DIR, name), "rb") as handle:
        return handle.read()


@app.route("/download-base")
def download_base():
    name = os.path.basename(request.args["file"])
    # ok: tainted-path-traversal
    with open(os.path.join(UPLOAD_DIR, name), "rb") as handle:
        return handle.read()


@app.route("/files/<path:filename>")
def serve_file(filename):
    # ruleid: tainted-path-traversal
    return send_file(os.path.join(UPLOAD_DIR, filename))


@app.route("/static-files/<path:filename>")
def serve_static(filename):
    # ok: tainted-path-traversal
    return send_from_directory(UPLOAD_DIR, filename)


@app.route("/view")
def view_file():
    requested = os.path.realpath(os.path.join(UPLOAD_DIR, request.args["path"]))
    if not requested.startswith(UPLOAD_DIR + os.sep):
        abort(403)
    # ok: tainted-path-traversal
    with open(requested) as handle:
        return handle.read()


@app.route("/delete", methods=["POST"])
def delete_upload():
    target = UPLOAD_DIR + "/" + request.form["name"]
    # ruleid: tainted-path-traversal
    os.remove(target)
    return "deleted"


@app.route("/delete-id", methods=["POST"])
def delete_by_id():
    file_id = uuid.UUID(request.form["id"])
    # ok: tainted-path-traversal
    os.remove(f"{UPLOAD_DIR}/{file_id}.bin")
    return "deleted"


@app.route("/report/<path:name>")
def report(name):
    path = REPORTS / name
    # ruleid: tainted-path-traversal
    return path.read_text()


@app.route("/template")
def template_file():
    key = request.args["kind"]
    name = TEMPLATES["invoice"]
    if key == "receipt":
        name = TEMPLATES["receipt"]
    # ok: tainted-path-traversal
    return (REPORTS / name).read_text()


def user_folder(username):
    """Propagates: the folder is named after the user."""
    return os.path.join("/srv/homes", username)


@app.route("/purge", methods=["POST"])
def purge():
    folder = user_folder(request.form["user"])
    # ruleid: tainted-path-traversal
    shutil.rmtree(folder)
    return "purged"


def export_dir(_user):
    """Every user shares the same export folder."""
    return "/srv/exports/shared"


@app.route("/reset-exports", methods=["POST"])
def reset_exports():
    folder = export_dir(request.form["user"])
    # ok: tainted-path-traversal
    shutil.rmtree(folder)
    return "reset"


def attachment(request):
    """Django view."""
    name = request.GET["name"]
    # ruleid: tainted-path-traversal
    return FileResponse(open("/srv/attachments/" + name, "rb"))


def log_tail(request):
    """Django view: the request value is checked against a fixed list."""
    name = request.GET.get("log", "app.log")
    if name not in ("app.log", "error.log"):
        return HttpResponse(status=404)
    # ok: tainted-path-traversal
    return FileResponse(open("/var/log/site/" + name, "rb"))


@api.post("/notes")
async def save_note(note: str, body: str):
    """FastAPI: the query parameter names the file written."""
    # ruleid: tainted-path-traversal
    Path("/srv/notes", note).write_text(body)
    return {"saved": note}


def handler(event, context):
    """AWS Lambda: the key from the event names the file read."""
    key = event["queryStringParameters"]["key"]
    # ruleid: tainted-path-traversal
    with open("/tmp/cache/" + key) as handle:
        return {"statusCode": 200, "body": handle.read()}


@app.route("/thumb")
def thumbnail():
    folder, name = "/srv/thumbs", request.args["name"]
    # ruleid: tainted-path-traversal
    with open(os.path.join(folder, name), "rb") as handle:
        return handle.read()
