"""Unsafe deserialization (CWE-502): request bytes handed to object-building loaders."""
import base64
import marshal
import pickle
import shelve

import dill
import jsonpickle
import yaml
from django.http import JsonResponse
from fastapi import FastAPI, Request
from flask import Flask, jsonify, request
from rest_framework.decorators import api_view
from rest_framework.response import Response

app = Flask(__name__)
api = FastAPI()

DEFAULTS_FILE = "/etc/app/defaults.pickle"
LEGACY_FORMAT = 0
ALLOW_CLIENT_STATE = False
DEFAULT_STATE = pickle.dumps({"cart": []})


@app.route("/session", methods=["POST"])
def restore_session():
    blob = base64.b64decode(request.form["state"])
    # ruleid: tainted-deserialization
    state = pickle.loads(blob)
    return jsonify(keys=list(state))


@app.route("/session-default", methods=["POST"])
def restore_default_session():
    blob = base64.b64decode(request.form["state"]) if ALLOW_CLIENT_STATE else DEFAULT_STATE
    # ok: tainted-deserialization
    state = pickle.loads(blob)
    return jsonify(keys=list(state))


@app.route("/model")
def model_info():
    version = int(request.args["version"])
    with open(f"/srv/models/model-{version}.pickle", "rb") as handle:
        # ok: tainted-deserialization
        model = pickle.load(handle)
    return jsonify(name=type(model).__name__)


@app.route("/defaults")
def defaults():
    section = request.args["section"]
    with open(DEFAULTS_FILE, "rb") as handle:
        # ok: tainted-deserialization
        data = pickle.load(handle)
    return jsonify(data.get(section))


@app.route("/config", methods=["POST"])
def upload_config():
    text = request.data.decode("utf-8")
    # ruleid: tainted-deserialization
    config = yaml.load(text, Loader=yaml.Loader)
    return jsonify(config)


@app.route("/config-legacy", methods=["POST"])
def upload_config_legacy():
    text = "retries: 3"
    if LEGACY_FORMAT:
        text = request.data.decode("utf-8")
    # ok: tainted-deserialization
    config = yaml.load(text, Loader=yaml.Loader)
    return jsonify(config)


@app.route("/code", methods=["POST"])
def load_code():
    payload = request.files["bytecode"].read()
    # ruleid: tainted-deserialization
    code = marshal.loads(payload)
    return jsonify(name=code.co_name)


@app.route("/cart", methods=["POST"])
def cart():
    raw = request.cookies.get("cart", "")
    # ruleid: tainted-deserialization
    items = jsonpickle.decode(raw)
    return jsonify(count=len(items))


@app.route("/cart-default", methods=["POST"])
def cart_default():
    raw = request.cookies.get("cart", "")
    raw = '{"py/tuple": []}'
    # ok: tainted-deserialization
    items = jsonpickle.decode(raw)
    return jsonify(count=len(items))


def decode_token(token):
    """Propagates: base64 text to bytes."""
    return base64.urlsafe_b64decode(token.encode())


def resume_job(request):
    """Django view: the token is unpickled."""
    # ruleid: tainted-deserialization
    job = dill.loads(decode_token(request.GET["token"]))
    return JsonResponse({"job": str(job)})


def empty_state(_token):
    """Ignores the token: a fresh, empty state."""
    return pickle.dumps({})


def new_job(request):
    """Django view: the helper returns bytes this server made."""
    # ok: tainted-deserialization
    job = pickle.loads(empty_state(request.GET["token"]))
    return JsonResponse({"job": str(job)})


@api_view(["POST"])
def drf_import(request):
    """DRF view: request.data is a YAML document."""
    document = request.data["document"]
    # ruleid: tainted-deserialization
    data = yaml.unsafe_load(document)
    return Response({"keys": list(data)})


@api_view(["POST"])
def drf_store(request):
    """DRF view: the shelf file is chosen from a fixed pair."""
    shelves = {"a": "/srv/shelf-a", "b": "/srv/shelf-b"}
    name = shelves["a"]
    if request.data.get("shelf") == "b":
        name = shelves["b"]
    # ok: tainted-deserialization
    with shelve.open(name) as shelf:
        return Response({"keys": list(shelf.keys())})


@api.post("/import")
async def fastapi_import(request: Request):
    """FastAPI: the raw body is unpickled."""
    body = await request.body()
    # ruleid: tainted-deserialization
    data = pickle.loads(body)
    return {"type": type(data).__name__}
