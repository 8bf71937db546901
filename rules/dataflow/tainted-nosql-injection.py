from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient("mongodb://localhost:27017")["shop"]


@app.route("/login", methods=["POST"])
def login():
    body = request.get_json()
    # ruleid: tainted-nosql-injection
    user = db.users.find_one({"name": body["name"], "password": body["password"]})
    # ok: tainted-nosql-injection
    other = db.users.find_one({"account": int(body["account"])})
    return jsonify(ok=user is not None and other is not None)


@app.route("/where")
def where():
    minimum = request.args["min"]
    # ruleid: tainted-nosql-injection
    docs = list(db.orders.find({"$where": "this.total > " + minimum}))
    # ok: tainted-nosql-injection
    docs += list(db.orders.find({"$where": "this.total > %f" % float(minimum)}))
    return jsonify(count=len(docs))
