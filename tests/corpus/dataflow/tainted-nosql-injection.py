"""NoSQL injection (CWE-943): request data shaping MongoDB queries."""
import json

from django.http import JsonResponse
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request
from pymongo import MongoClient
from rest_framework.decorators import api_view
from rest_framework.response import Response

app = Flask(__name__)
api = FastAPI()
db = MongoClient("mongodb://localhost:27017")["shop"]

STATUSES = {"open", "shipped", "cancelled"}
ADMIN_QUERIES = False


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    # ruleid: tainted-nosql-injection
    user = db.users.find_one({"name": body["name"], "password": body["password"]})
    return jsonify(ok=user is not None)


@app.route("/login-typed", methods=["POST"])
def login_typed():
    body = request.get_json()
    account = int(body["account"])
    pin = int(body["pin"])
    # ok: tainted-nosql-injection
    user = db.users.find_one({"account": account, "pin": pin})
    return jsonify(ok=user is not None)


@app.route("/query", methods=["POST"])
def query():
    criteria = request.get_json()
    # ruleid: tainted-nosql-injection
    docs = list(db.orders.find(criteria))
    return jsonify(count=len(docs))


@app.route("/where")
def where():
    min_total = request.args["min"]
    # ruleid: tainted-nosql-injection
    docs = list(db.orders.find({"$where": "this.total > " + min_total}))
    return jsonify(count=len(docs))


@app.route("/where-number")
def where_number():
    min_total = float(request.args["min"])
    # ok: tainted-nosql-injection
    docs = list(db.orders.find({"$where": "this.total > %f" % min_total}))
    return jsonify(count=len(docs))


@app.route("/status")
def by_status():
    status = request.args["status"]
    if status not in STATUSES:
        abort(400)
    # ok: tainted-nosql-injection
    docs = list(db.orders.find({"$where": "this.status == '%s'" % status}))
    return jsonify(count=len(docs))


@app.route("/admin-query", methods=["POST"])
def admin_query():
    criteria = {"archived": False}
    if ADMIN_QUERIES:
        criteria = request.get_json()
    # ok: tainted-nosql-injection
    docs = list(db.orders.find(criteria))
    return jsonify(count=len(docs))


@app.route("/bulk-delete", methods=["POST"])
def bulk_delete():
    selector = json.loads(request.data)
    # ruleid: tainted-nosql-injection
    result = db.sessions.delete_many(selector)
    return jsonify(deleted=result.deleted_count)


def pipeline_for(stage):
    """Propagates: the stage is put first in the pipeline."""
    return [stage, {"$limit": 10}]


def report(request):
    """Django view: the posted stage runs in an aggregation."""
    stage = json.loads(request.body)
    # ruleid: tainted-nosql-injection
    rows = list(db.orders.aggregate(pipeline_for(stage)))
    return JsonResponse({"rows": len(rows)})


def default_pipeline(_stage):
    """Ignores the stage: the standard report."""
    return [{"$group": {"_id": "$status", "n": {"$sum": 1}}}]


def standard_report(request):
    """Django view: the helper returns a constant pipeline."""
    stage = json.loads(request.body)
    # ok: tainted-nosql-injection
    rows = list(db.orders.aggregate(default_pipeline(stage)))
    return JsonResponse({"rows": len(rows)})


@api_view(["POST"])
def drf_update(request):
    """DRF view: request.data is used as the update filter."""
    # ruleid: tainted-nosql-injection
    result = db.profiles.update_one(request.data["filter"], {"$set": {"seen": True}})
    return Response({"matched": result.matched_count})


@api_view(["POST"])
def drf_update_own(request):
    """DRF view: the filter uses the authenticated user only; the body goes to another key."""
    spec = {"filter": {"user_id": request.user.id}, "note": request.data.get("note")}
    # ok: tainted-nosql-injection
    result = db.profiles.update_one(spec["filter"], {"$set": {"seen": True}})
    return Response({"matched": result.matched_count})


@api.get("/products")
def products(category: str, sort_field: str = "price"):
    """FastAPI: the sort field is free text inside a $where clause."""
    # ruleid: tainted-nosql-injection
    docs = list(db.products.find({"$where": f"this.{sort_field} > 0"}))
    return {"count": len(docs), "category": category}


def handler(event, context):
    """AWS Lambda: the only request value in the filter is converted to an int."""
    body = json.loads(event["body"])
    year = int(body["year"])
    # ok: tainted-nosql-injection
    docs = list(db.reports.find({"year": year}))
    return {"statusCode": 200, "body": str(len(docs))}
