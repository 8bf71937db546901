import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args["name"]
    cur = sqlite3.connect("app.db").cursor()
    # ruleid: tainted-sql-injection
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)
    # ok: tainted-sql-injection
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    return "ok"


@app.route("/orders")
def orders():
    user_id = request.args["user"]
    cur = sqlite3.connect("app.db").cursor()
    # ruleid: tainted-sql-injection
    cur.execute(f"SELECT * FROM orders WHERE user_id = {user_id}")
    count = int(request.args["limit"])
    # ok: tainted-sql-injection
    cur.execute(f"SELECT * FROM orders LIMIT {count}")
    return "ok"
