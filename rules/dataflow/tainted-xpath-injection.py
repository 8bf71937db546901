from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
CATALOG = etree.parse("catalog.xml")


@app.route("/book")
def book():
    isbn = request.args["isbn"]
    # ruleid: tainted-xpath-injection
    nodes = CATALOG.xpath("//book[isbn='%s']/title/text()" % isbn)
    # ok: tainted-xpath-injection
    nodes += CATALOG.xpath("//book[isbn=$isbn]/title/text()", isbn=isbn)
    return jsonify(nodes)


@app.route("/category")
def category():
    name = request.args["name"]
    # ruleid: tainted-xpath-injection
    finder = etree.XPath("//book[@category='" + name + "']")
    number = int(request.args["id"])
    # ok: tainted-xpath-injection
    finder = etree.XPath("//book[@id='%d']" % number)
    return jsonify(len(finder(CATALOG)))
