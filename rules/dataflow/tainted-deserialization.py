import base64
import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    blob = base64.b64decode(request.cookies["state"])
    # ruleid: tainted-deserialization
    state = pickle.loads(blob)
    # ok: tainted-deserialization
    state = json.loads(blob)
    return str(state)


@app.route("/config", methods=["POST"])
def config():
    text = request.get_data(as_text=True)
    # ruleid: tainted-deserialization
    settings = yaml.load(text, Loader=yaml.Loader)
    # ok: tainted-deserialization
    settings = yaml.load(text, Loader=yaml.SafeLoader)
    return str(settings)
