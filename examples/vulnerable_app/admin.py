"""Admin console: maintenance jobs the ops team runs from the browser."""

import os
import pickle
import subprocess

import yaml
from flask import Blueprint, jsonify, request

from . import config
from .auth import require_admin

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.post("/calc")
@require_admin
def calc():
    expression = request.form["expr"]
    return jsonify(result=eval(expression))


@bp.post("/hook")
@require_admin
def run_hook():
    code = request.get_json()["code"]
    scope = {}
    exec(code, scope)
    return jsonify(result=scope.get("result"))


@bp.post("/ping")
@require_admin
def ping():
    host = request.form["host"]
    output = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return jsonify(output=output.decode())


@bp.post("/backup")
@require_admin
def backup():
    label = request.form.get("label", "nightly")
    os.system("tar czf /var/backups/acme-" + label + ".tgz " + config.UPLOAD_FOLDER)
    return jsonify(ok=True)


@bp.get("/disk")
@require_admin
def disk_usage():
    folder = request.args.get("folder", "/var/lib/acme")
    with os.popen("du -sh " + folder) as pipe:
        return jsonify(usage=pipe.read())


@bp.get("/version")
@require_admin
def version():
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=False)
    status = subprocess.run(["git", "status", "--short"], capture_output=True, text=True)
    uptime = subprocess.run("uptime", shell=True, capture_output=True, text=True)
    return jsonify(commit=commit.stdout.strip(), dirty=bool(status.stdout), uptime=uptime.stdout)


@bp.post("/restore-session")
@require_admin
def restore_session():
    state = pickle.loads(request.get_data())
    return jsonify(keys=sorted(state))


@bp.post("/settings")
@require_admin
def import_settings():
    settings = yaml.load(request.get_data(), Loader=yaml.Loader)
    return jsonify(settings=settings)


@bp.post("/settings-v2")
@require_admin
def import_settings_v2():
    settings = yaml.safe_load(request.get_data())
    defaults = yaml.load(open("/etc/acme/defaults.yaml"), Loader=yaml.SafeLoader)
    return jsonify(settings={**defaults, **settings})
