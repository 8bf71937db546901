from flask import Flask, request
from lxml import etree

app = Flask(__name__)
UNSAFE_PARSER = etree.XMLParser(resolve_entities=True)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@app.route("/import", methods=["POST"])
def import_xml():
    # ruleid: tainted-xxe
    root = etree.fromstring(request.data, UNSAFE_PARSER)
    # ok: tainted-xxe
    root = etree.fromstring(request.data, SAFE_PARSER)
    return root.tag


@app.route("/feed", methods=["POST"])
def feed():
    document = request.form["xml"].encode("utf-8")
    # ruleid: tainted-xxe
    root = etree.XML(document, UNSAFE_PARSER)
    document = b"<feed/>"
    # ok: tainted-xxe
    root = etree.XML(document, UNSAFE_PARSER)
    return root.tag
