import re

from flask import Flask, jsonify, request

app = Flask(__name__)
NAMES = ["ada", "alan", "grace"]


@app.route("/search")
def search():
    start = request.args["start"]
    # ruleid: tainted-regex-injection
    found = [n for n in NAMES if re.match("^" + start, n)]
    # ok: tainted-regex-injection
    found += [n for n in NAMES if re.match("^" + re.escape(start), n)]
    return jsonify(found)


@app.route("/split")
def split():
    separator = request.args["sep"]
    # ruleid: tainted-regex-injection
    parts = re.split(separator, "a;b;c")
    separator = ";"
    # ok: tainted-regex-injection
    parts += re.split(separator, "a;b;c")
    return jsonify(parts)
