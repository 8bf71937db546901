"""Code injection (CWE-95): request values reaching eval, exec or compile."""
import json

import tornado.web
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
api = FastAPI()

OPERATIONS = {"1+1", "2*3", "10/4"}
FEATURE_EVAL = False


@app.route("/calc")
def calc():
    expression = request.args["expr"]
    # ruleid: tainted-code-injection
    result = eval(expression)
    return jsonify(result=result)


@app.route("/calc-known")
def calc_known():
    expression = request.args["expr"]
    if expression not in OPERATIONS:
        abort(400)
    # ok: tainted-code-injection
    result = eval(expression)
    return jsonify(result=result)


@app.route("/double")
def double():
    number = int(request.args["n"])
    # ok: tainted-code-injection
    result = eval(f"{number} * 2")
    return jsonify(result=result)


@app.route("/hook", methods=["POST"])
def run_hook():
    payload = request.get_json()
    source = "def hook(x):\n    return " + payload["body"]
    # ruleid: tainted-code-injection
    exec(source)
    return "installed"


@app.route("/feature")
def feature():
    code = "print('feature off')"
    if FEATURE_EVAL:
        code = request.args["code"]
    # ok: tainted-code-injection
    exec(code)
    return "ok"


@app.route("/snippet", methods=["POST"])
def snippet():
    code = request.form["code"]
    code = "result = 42"
    # ok: tainted-code-injection
    exec(code)
    return "ok"


@app.route("/compile", methods=["POST"])
def compile_snippet():
    text = request.data.decode()
    # ruleid: tainted-code-injection
    code_object = compile(text, "<user>", "exec")
    return str(code_object.co_names)


def wrap_lambda(body):
    """Propagates: the body becomes part of the lambda source."""
    return "lambda row: " + body


@app.route("/filter")
def filter_rows():
    predicate = wrap_lambda(request.args["where"])
    # ruleid: tainted-code-injection
    keep = eval(predicate)
    return jsonify(rows=[row for row in range(10) if keep(row)])


def default_predicate(_text):
    """Ignores its input and returns a fixed expression."""
    return "lambda row: row > 0"


@app.route("/filter-default")
def filter_default():
    predicate = default_predicate(request.args["where"])
    # ok: tainted-code-injection
    keep = eval(predicate)
    return jsonify(rows=[row for row in range(10) if keep(row)])


def formula(request):
    """Django view."""
    expr = request.POST.get("formula", "0")
    total = 0
    for part in expr.split("+"):
        # ruleid: tainted-code-injection
        total += eval(part)
    return JsonResponse({"total": total})


def formula_settings(request):
    """Django view: the value read from the request goes to another key."""
    settings = {"expr": "3 * 7"}
    settings["user"] = request.GET.get("expr", "")
    # ok: tainted-code-injection
    value = eval(settings["expr"])
    return JsonResponse({"value": value})


class EvalHandler(tornado.web.RequestHandler):
    """Tornado handler."""

    def get(self):
        expr = self.get_argument("expr")
        # ruleid: tainted-code-injection
        self.write(str(eval(expr)))


@api.get("/config/{key}")
async def config_value(key: str, default: str = "None"):
    """FastAPI: the query parameter is evaluated."""
    # ruleid: tainted-code-injection
    value = eval(default)
    return {key: value}


def handler(event, context):
    """AWS Lambda: the value is parsed as JSON, not evaluated."""
    data = json.loads(event["body"])
    count = int(data["count"])
    # ok: tainted-code-injection
    doubled = eval("%d * 2" % count)
    return {"statusCode": 200, "body": str(doubled)}
