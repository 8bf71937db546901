"""Regular expression injection (CWE-1333): request values used as regex patterns."""
import re

from aiohttp import web
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
api = FastAPI()

NAMES = ["alice", "bob", "carol"]
PRESETS = {"digits": r"\d+", "words": r"\w+"}
ADVANCED_SEARCH = False


@app.route("/filter")
def filter_names():
    pattern = request.args["pattern"]
    # ruleid: tainted-regex-injection
    matcher = re.compile(pattern)
    return jsonify([n for n in NAMES if matcher.search(n)])


@app.route("/filter-literal")
def filter_literal():
    pattern = re.escape(request.args["pattern"])
    # ok: tainted-regex-injection
    matcher = re.compile(pattern)
    return jsonify([n for n in NAMES if matcher.search(n)])


@app.route("/prefix")
def prefix():
    start = request.args["start"]
    # ruleid: tainted-regex-injection
    found = [n for n in NAMES if re.match("^" + start, n)]
    return jsonify(found)


@app.route("/prefix-escaped")
def prefix_escaped():
    start = request.args["start"]
    # ok: tainted-regex-injection
    found = [n for n in NAMES if re.match("^" + re.escape(start), n)]
    return jsonify(found)


@app.route("/preset")
def preset():
    name = request.args.get("preset", "words")
    if name not in PRESETS:
        abort(400)
    # ok: tainted-regex-injection
    return jsonify(re.findall(PRESETS[name], "abc 123"))


@app.route("/redact", methods=["POST"])
def redact():
    secret = request.form["secret"]
    text = request.form["text"]
    # ruleid: tainted-regex-injection
    return re.sub(f"({secret})+", "***", text)


@app.route("/search")
def search():
    expression = r"\w+"
    if ADVANCED_SEARCH:
        expression = request.args["expr"]
    # ok: tainted-regex-injection
    return jsonify(re.findall(expression, "some text here"))


@app.route("/split")
def split():
    separator = request.args.get("sep", ",")
    separator = ";"
    # ok: tainted-regex-injection
    return jsonify(re.split(separator, "a;b;c"))


def word_pattern(word):
    """Propagates: matches the word at a word boundary."""
    return r"\b" + word + r"\b"


def highlight(request):
    """Django view."""
    # ruleid: tainted-regex-injection
    hits = re.findall(word_pattern(request.GET["word"]), "the quick brown fox")
    return JsonResponse({"hits": hits})


def any_word(_word):
    """Ignores the word: matches any word."""
    return r"\b\w+\b"


def count_words(request):
    """Django view: the helper returns a constant pattern."""
    # ok: tainted-regex-injection
    hits = re.findall(any_word(request.GET["word"]), "the quick brown fox")
    return JsonResponse({"count": len(hits)})


async def validate(request):
    """aiohttp handler: the posted rule is used as a pattern."""
    data = await request.json()
    # ruleid: tainted-regex-injection
    ok = re.fullmatch(data["rule"], data["value"]) is not None
    return web.json_response({"ok": ok})


@api.get("/grep")
def grep(term: str):
    """FastAPI query parameter as a pattern."""
    # ruleid: tainted-regex-injection
    lines = [line for line in open("/srv/data/notes.txt") if re.search(term, line)]
    return {"lines": lines}


def handler(event, context):
    """AWS Lambda: the search pattern comes from the query string."""
    needle = event["queryStringParameters"]["q"]
    # ruleid: tainted-regex-injection
    hits = re.findall(needle + ".*", "line one\nline two")
    return {"statusCode": 200, "body": str(len(hits))}


@api.get("/tags")
def tags(tag: str):
    """FastAPI: the tag is escaped before it becomes part of the pattern."""
    pattern = "#" + re.escape(tag) + r"\b"
    # ok: tainted-regex-injection
    return {"hits": re.findall(pattern, "#python #pytest #py")}
