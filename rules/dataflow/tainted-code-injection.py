import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expression = request.args["expr"]
    # ruleid: tainted-code-injection
    result = eval(expression)
    # ok: tainted-code-injection
    parsed = ast.literal_eval(expression)
    return str((result, parsed))


@app.route("/run", methods=["POST"])
def run():
    source = request.form["code"]
    # ruleid: tainted-code-injection
    exec(source)
    source = "print('hello')"
    # ok: tainted-code-injection
    exec(source)
    return "done"
