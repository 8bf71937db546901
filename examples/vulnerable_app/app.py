"""Acme Notes: the Flask application and its JSON API."""

import os

from flask import Flask, g, jsonify, request

from . import admin, auth, config, db, files, tasks, utils

app = Flask(__name__)
app.config["SECRET_KEY"] = config.SECRET_KEY
app.config["MAX_CONTENT_LENGTH"] = config.MAX_CONTENT_LENGTH
app.register_blueprint(admin.bp)
app.register_blueprint(files.bp)


@app.post("/login")
def login():
    user = auth.login(request.form["username"], request.form["password"])
    if user is None:
        return jsonify(error="invalid credentials"), 401
    return jsonify(auth.issue_jwt(user))


@app.get("/notes")
@auth.require_login
def list_notes():
    return jsonify(notes=[dict(row) for row in db.notes_for(g.user["id"])])


@app.get("/notes/search")
@auth.require_login
def search():
    rows = db.search_notes(g.user["id"], request.args.get("q", ""), request.args.get("sort", "created"))
    return jsonify(notes=[dict(row) for row in rows])


@app.post("/notes")
@auth.require_login
def create_note():
    data = request.get_json()
    db.add_note(g.user["id"], data["title"], data["body"])
    return jsonify(ok=True), 201


@app.delete("/notes/<int:note_id>")
@auth.require_login
def delete_note(note_id):
    db.delete_note(note_id, g.user["id"])
    return "", 204


@app.post("/notes/<int:note_id>/score")
@auth.require_login
def score(note_id):
    model_file = request.form["model"]
    return jsonify(score=tasks.score_note(model_file, request.form["text"]))


@app.post("/password/reset")
def reset_password():
    token = auth.make_reset_token()
    body = utils.render_email("reset.txt", token=token, name=request.form["email"])
    return jsonify(sent=bool(body))


@app.get("/healthz")
def healthz():
    return jsonify(ok=True, users=db.count_rows("users"))


def run_local():
    app.run(host="127.0.0.1", port=5000, debug=os.environ.get("FLASK_DEBUG") == "1")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
