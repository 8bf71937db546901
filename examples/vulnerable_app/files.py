"""Uploads, imports and downloads of notes."""

import hashlib
import os
import shutil
import tarfile
import tempfile
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
from flask import Blueprint, jsonify, request, send_file

from . import config
from .auth import require_login

bp = Blueprint("files", __name__, url_prefix="/files")


def etag_for(path):
    with open(path, "rb") as fh:
        return hashlib.md5(fh.read(), usedforsecurity=False).hexdigest()


@bp.post("/import-archive")
@require_login
def import_archive():
    upload = request.files["archive"]
    scratch = tempfile.mktemp(suffix=".tar.gz")
    upload.save(scratch)
    target = os.path.join(config.UPLOAD_FOLDER, "imported")
    with tarfile.open(scratch) as archive:
        archive.extractall(target)
    os.chmod(target, 0o777)
    return jsonify(ok=True)


@bp.post("/import-archive-v2")
@require_login
def import_archive_v2():
    upload = request.files["archive"]
    with tempfile.NamedTemporaryFile(suffix=".tar.gz", delete=False) as scratch:
        upload.save(scratch)
    target = tempfile.mkdtemp(prefix="acme-import-")
    with tarfile.open(scratch.name) as archive:
        archive.extractall(target, filter="data")
    os.chmod(target, 0o700)
    return jsonify(ok=True, folder=os.path.basename(target))


@bp.post("/import-xml")
@require_login
def import_xml():
    tree = ET.parse(request.files["notes"])
    notes = []
    for node in tree.getroot().iter("note"):
        notes.append({"title": node.findtext("title"), "body": node.findtext("body")})
    return jsonify(notes=notes)


@bp.post("/import-xml-v2")
@require_login
def import_xml_v2():
    root = SafeET.fromstring(request.get_data())
    return jsonify(count=len(root.findall("note")))


@bp.get("/download/<name>")
@require_login
def download(name):
    path = os.path.join(config.UPLOAD_FOLDER, os.path.basename(name))
    response = send_file(path)
    response.headers["ETag"] = etag_for(path)
    return response


def publish_export(path):
    public = os.path.join("/srv/www/exports", os.path.basename(path))
    shutil.copy(path, public)
    os.chmod(public, 0o666)
    return public


def save_private_key(pem):
    path = os.path.join(config.UPLOAD_FOLDER, "signing.pem")
    with open(path, "wb") as fh:
        fh.write(pem)
    os.chmod(path, 0o600)
    return path
