"""XPath injection (CWE-643): request values in XPath expressions."""
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request
from lxml import etree

app = Flask(__name__)
api = FastAPI()

USERS = etree.parse("/srv/data/users.xml")
CATALOG = etree.parse("/srv/data/catalog.xml")
FIELDS = ("title", "author", "isbn")


@app.route("/user")
def user():
    name = request.args["name"]
    # ruleid: tainted-xpath-injection
    nodes = USERS.xpath(f"//user[name/text()='{name}']")
    return jsonify(len(nodes))


@app.route("/user-bound")
def user_bound():
    name = request.args["name"]
    # ok: tainted-xpath-injection
    nodes = USERS.xpath("//user[name/text()=$name]", name=name)
    return jsonify(len(nodes))


@app.route("/login", methods=["POST"])
def login():
    user_name = request.form["user"]
    password = request.form["password"]
    expression = "//user[name='" + user_name + "' and password='" + password + "']"
    # ruleid: tainted-xpath-injection
    matches = USERS.getroot().xpath(expression)
    return jsonify(ok=bool(matches))


@app.route("/book/<int:book_id>")
def book(book_id):
    # ok: tainted-xpath-injection
    nodes = CATALOG.xpath("//book[@id='%d']" % book_id)
    return jsonify(len(nodes))


@app.route("/field")
def field():
    name = request.args.get("field", "title")
    if name not in FIELDS:
        abort(400)
    # ok: tainted-xpath-injection
    values = CATALOG.xpath(f"//book/{name}/text()")
    return jsonify(values)


@app.route("/compiled")
def compiled():
    category = request.args["category"]
    # ruleid: tainted-xpath-injection
    finder = etree.XPath("//book[@category='" + category + "']")
    return jsonify(len(finder(CATALOG)))


@app.route("/compiled-constant")
def compiled_constant():
    category = request.args["category"]
    category = "fiction"
    # ok: tainted-xpath-injection
    finder = etree.XPath("//book[@category='" + category + "']")
    return jsonify(len(finder(CATALOG)))


def by_author(author):
    """Propagates: the author lands in the predicate."""
    return "//book[author='{}']".format(author)


def author_books(request):
    """Django view."""
    # ruleid: tainted-xpath-injection
    nodes = CATALOG.xpath(by_author(request.GET["author"]))
    return JsonResponse({"count": len(nodes)})


def all_books(_author):
    """Ignores its argument: every book."""
    return "//book"


def every_book(request):
    """Django view: the helper returns a constant expression."""
    # ok: tainted-xpath-injection
    nodes = CATALOG.xpath(all_books(request.GET["author"]))
    return JsonResponse({"count": len(nodes)})


def isbn_lookup(request, isbn):
    """Django view: the URL parameter in the expression."""
    # ruleid: tainted-xpath-injection
    nodes = CATALOG.xpath("//book[isbn='%s']/title/text()" % isbn)
    return JsonResponse({"titles": [str(n) for n in nodes]})


@api.get("/stock")
def stock(sku: str):
    """FastAPI query parameter in an XPath expression."""
    # ruleid: tainted-xpath-injection
    nodes = CATALOG.xpath("//item[@sku='" + sku + "']/stock")
    return {"found": len(nodes)}


@api.get("/stock-bound")
def stock_bound(sku: str):
    """FastAPI: the value is an XPath variable, not part of the expression."""
    # ok: tainted-xpath-injection
    nodes = CATALOG.xpath("//item[@sku=$sku]/stock", sku=sku)
    return {"found": len(nodes)}
