"""SQL injection (CWE-89): request values in SQL text."""
import sqlite3

from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request
from rest_framework.decorators import api_view
from rest_framework.response import Response
from sqlalchemy import create_engine, text

from .models import Article, Customer

app = Flask(__name__)
api = FastAPI()
engine = create_engine("sqlite:///app.db")

SORT_COLUMNS = ("name", "created", "price")


def get_db():
    """One connection per request."""
    return sqlite3.connect("app.db")


@app.route("/user")
def user():
    name = request.args["name"]
    cur = get_db().cursor()
    # ruleid: tainted-sql-injection
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    return jsonify(cur.fetchall())


@app.route("/user-safe")
def user_safe():
    name = request.args["name"]
    cur = get_db().cursor()
    # ok: tainted-sql-injection
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    return jsonify(cur.fetchall())


@app.route("/orders/<user_id>")
def orders(user_id):
    query = "SELECT * FROM orders WHERE user_id = " + user_id
    cur = get_db().cursor()
    # ruleid: tainted-sql-injection
    cur.execute(query)
    return jsonify(cur.fetchall())


@app.route("/orders-by-number")
def orders_by_number():
    user_id = int(request.args["user_id"])
    cur = get_db().cursor()
    # ok: tainted-sql-injection
    cur.execute(f"SELECT * FROM orders WHERE user_id = {user_id}")
    return jsonify(cur.fetchall())


@app.route("/products")
def products():
    sort = request.args.get("sort", "name")
    if sort not in SORT_COLUMNS:
        abort(400)
    cur = get_db().cursor()
    # ok: tainted-sql-injection
    cur.execute(f"SELECT * FROM products ORDER BY {sort}")
    return jsonify(cur.fetchall())


@app.route("/search")
def search():
    terms = request.args.getlist("term")
    clauses = " OR ".join(f"title LIKE '%{term}%'" for term in terms)
    with engine.connect() as conn:
        # ruleid: tainted-sql-injection
        rows = conn.execute(text("SELECT id FROM posts WHERE " + clauses)).fetchall()
    return jsonify([row[0] for row in rows])


@app.route("/posts")
def posts():
    author = request.args["author"]
    with engine.connect() as conn:
        # ok: tainted-sql-injection
        rows = conn.execute(text("SELECT id FROM posts WHERE author = :author"), {"author": author}).fetchall()
    return jsonify([row[0] for row in rows])


@app.route("/report")
def report():
    table = request.args["table"]
    table = "monthly_report"
    cur = get_db().cursor()
    # ok: tainted-sql-injection
    cur.execute("SELECT * FROM " + table)
    return jsonify(cur.fetchall())


def article_search(request):
    """Django view: raw() with the search text inside the SQL."""
    title = request.GET.get("q", "")
    # ruleid: tainted-sql-injection
    articles = Article.objects.raw(f"SELECT * FROM blog_article WHERE title LIKE '%{title}%'")
    return JsonResponse({"ids": [a.id for a in articles]})


def article_by_slug(request, slug):
    """Django view: the URL parameter is passed as a query parameter."""
    # ok: tainted-sql-injection
    articles = Article.objects.raw("SELECT * FROM blog_article WHERE slug = %s", [slug])
    return JsonResponse({"ids": [a.id for a in articles]})


def customer_rank(request):
    """Django view: RawSQL with the column taken from the request."""
    field = request.GET["field"]
    # ruleid: tainted-sql-injection
    customers = Customer.objects.annotate(rank=RawSQL("SELECT " + field + " FROM stats", []))
    return JsonResponse({"count": customers.count()})


def customer_delete(request, pk):
    """Django view: cursor with parameters."""
    with connection.cursor() as cursor:
        # ok: tainted-sql-injection
        cursor.execute("DELETE FROM customers WHERE id = %s", [pk])
    return JsonResponse({"deleted": pk})


@api_view(["GET"])
def drf_lookup(request):
    """DRF view: query_params straight into extra()."""
    region = request.query_params["region"]
    # ruleid: tainted-sql-injection
    customers = Customer.objects.extra(where=["region = '%s'" % region])
    return Response({"count": customers.count()})


@api.get("/items/{item_id}")
def read_item(item_id: str):
    """FastAPI path parameter concatenated into SQL."""
    with engine.connect() as conn:
        # ruleid: tainted-sql-injection
        row = conn.execute(text("SELECT * FROM items WHERE id = '" + item_id + "'")).first()
    return {"item": dict(row._mapping) if row else None}


def handler(event, context):
    """AWS Lambda: only a constant filter reaches the SQL text."""
    filters = {"active": "status = 'active'", "user": event["filter"]}
    cur = get_db().cursor()
    # ok: tainted-sql-injection
    cur.execute("SELECT count(*) FROM accounts WHERE " + filters["active"])
    return {"statusCode": 200, "body": str(cur.fetchone()[0])}


@app.route("/users")
def list_users():
    query = "SELECT * FROM users WHERE active = 1"
    name = request.args.get("name")
    if name:
        query += " AND name = '" + name + "'"
    cur = get_db().cursor()
    # ruleid: tainted-sql-injection
    cur.execute(query)
    return jsonify(cur.fetchall())


@app.route("/columns")
def columns():
    column, label = "email", request.args["label"]
    cur = get_db().cursor()
    # ok: tainted-sql-injection
    cur.execute(f"SELECT {column} FROM users")
    return jsonify(label=label, rows=cur.fetchall())
