"""XML external entities (CWE-611): request bytes parsed with entity resolution on."""
from django.http import JsonResponse
from fastapi import FastAPI, Request
from flask import Flask, abort, jsonify, request
from lxml import etree

app = Flask(__name__)
api = FastAPI()

UNSAFE_PARSER = etree.XMLParser(resolve_entities=True, no_network=False)
DEFAULT_DOC = b"<settings><theme>light</theme></settings>"
FEEDS = {"news": "/srv/feeds/news.xml", "blog": "/srv/feeds/blog.xml"}
ACCEPT_UPLOADS = False


@app.route("/import", methods=["POST"])
def import_xml():
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: tainted-xxe
    root = etree.fromstring(request.data, parser)
    return jsonify(tag=root.tag)


@app.route("/import-default", methods=["POST"])
def import_default():
    document = request.data
    document = DEFAULT_DOC
    # ok: tainted-xxe
    root = etree.fromstring(document, UNSAFE_PARSER)
    return jsonify(tag=root.tag)


@app.route("/form", methods=["POST"])
def import_form():
    text = request.form["xml"]
    # ruleid: tainted-xxe
    root = etree.XML(text.encode("utf-8"), UNSAFE_PARSER)
    return jsonify(children=len(root))


@app.route("/upload", methods=["POST"])
def upload():
    upload_file = request.files["document"]
    # ruleid: tainted-xxe
    tree = etree.parse(upload_file, UNSAFE_PARSER)
    return jsonify(tag=tree.getroot().tag)


@app.route("/upload-disabled", methods=["POST"])
def upload_disabled():
    source = DEFAULT_DOC
    if ACCEPT_UPLOADS:
        source = request.files["document"].read()
    # ok: tainted-xxe
    root = etree.fromstring(source, UNSAFE_PARSER)
    return jsonify(tag=root.tag)


@app.route("/feed")
def feed():
    name = request.args.get("feed", "news")
    if name not in FEEDS:
        abort(404)
    # ok: tainted-xxe
    tree = etree.parse(FEEDS[name], UNSAFE_PARSER)
    return jsonify(items=len(tree.getroot()))


def as_bytes(text):
    """Propagates: encodes the text for the parser."""
    return text.encode("utf-8")


@app.route("/soap", methods=["POST"])
def soap():
    envelope = as_bytes(request.form["envelope"])
    # ruleid: tainted-xxe
    root = etree.fromstring(envelope, UNSAFE_PARSER)
    return jsonify(tag=root.tag)


def stored_settings(_text):
    """Ignores its argument: the settings document this server ships with."""
    return DEFAULT_DOC


@app.route("/settings", methods=["POST"])
def settings():
    document = stored_settings(request.form["settings"])
    # ok: tainted-xxe
    root = etree.fromstring(document, UNSAFE_PARSER)
    return jsonify(tag=root.tag)


def invoice(request):
    """Django view: the request body is parsed."""
    # ruleid: tainted-xxe
    root = etree.fromstring(request.body, UNSAFE_PARSER)
    return JsonResponse({"total": root.findtext("total")})


def invoice_batch(request):
    """Django view: the uploaded document is added, then taken off the list again."""
    documents = [DEFAULT_DOC]
    documents.append(request.body)
    documents.pop()
    # ok: tainted-xxe
    root = etree.fromstring(documents[0], UNSAFE_PARSER)
    return JsonResponse({"tag": root.tag})


def invoice_meta(request):
    """Django view: the body is stored under another key than the one parsed."""
    payloads = {"template": DEFAULT_DOC, "upload": request.body}
    # ok: tainted-xxe
    root = etree.fromstring(payloads["template"], UNSAFE_PARSER)
    return JsonResponse({"tag": root.tag})


@api.post("/orders")
async def orders(request: Request):
    """FastAPI: the raw body is parsed."""
    body = await request.body()
    # ruleid: tainted-xxe
    root = etree.fromstring(body, UNSAFE_PARSER)
    return {"tag": root.tag}


def handler(event, context):
    """AWS Lambda: the event body is parsed."""
    # ruleid: tainted-xxe
    root = etree.fromstring(event["body"].encode("utf-8"), UNSAFE_PARSER)
    return {"statusCode": 200, "body": root.tag}
