"""Bookshelf: a small Flask app to list, search, review and export books."""
import logging
import os
import shlex
import subprocess
from datetime import datetime, timezone

import requests
import yaml
from flask import (
    Flask,
    abort,
    jsonify,
    make_response,
    redirect,
    render_template_string,
    request,
    send_file,
    send_from_directory,
    session,
    url_for,
)
from markupsafe import escape

import auth
import db
import integrations
from config import COVER_DIR, EXPORT_DIR, SECRET_KEY

app = Flask(__name__)
app.secret_key = SECRET_KEY
log = logging.getLogger("bookshelf")

BOOK_CARD = "<div class='book'><h2>{{ title }}</h2><p>by {{ author }}</p></div>"
ROLES = ("reader", "librarian")


@app.route("/")
def index():
    sort = request.args.get("sort", "title")
    try:
        books = db.books_sorted(sort)
    except ValueError:
        abort(400)
    return jsonify([dict(book) for book in books])


@app.route("/search")
def search():
    term = request.args.get("q", "")
    log.info("search for " + term)
    return jsonify([dict(book) for book in db.search_books(term)])


@app.route("/books/<int:book_id>")
def book_card(book_id):
    book = db.get_book(book_id)
    if book is None:
        abort(404)
    return render_template_string(BOOK_CARD, title=book["title"], author=book["author"])


@app.route("/books/<int:book_id>/reviews")
def review_count(book_id):
    return jsonify(count=db.count_reviews(book_id))


@app.route("/preview", methods=["POST"])
def preview_card():
    title = request.form.get("title", "Untitled")
    card = "<div class='book'><h2>" + title + "</h2><p>{{ note }}</p></div>"
    return render_template_string(card, note="preview only")


@app.route("/shelf-note")
def shelf_note():
    note = request.args.get("note", "")
    return make_response(f"<p class='note'>{note}</p>")


@app.route("/shelf-note-safe")
def shelf_note_safe():
    note = escape(request.args.get("note", ""))
    return make_response(f"<p class='note'>{note}</p>")


@app.route("/covers/<path:name>")
def cover(name):
    return send_file(os.path.join(COVER_DIR, name))


@app.route("/covers-safe/<path:name>")
def cover_safe(name):
    return send_from_directory(COVER_DIR, name)


@app.route("/covers/fetch", methods=["POST"])
def fetch_cover():
    url = integrations.normalise_url(request.form["cover_url"])
    image = requests.get(url, timeout=10).content
    book_id = int(request.form["book_id"])
    with open(os.path.join(COVER_DIR, f"{book_id}.jpg"), "wb") as handle:
        handle.write(image)
    return jsonify(etag=auth.cover_etag(image))


@app.route("/isbn/<isbn>")
def isbn(isbn):
    return jsonify(integrations.isbn_record(isbn))


@app.route("/export")
def export():
    name = request.args.get("name", "books")
    command = f"tar czf {EXPORT_DIR}/{name}.tgz {COVER_DIR}"
    subprocess.run(command, shell=True, check=True)
    return jsonify(file=f"{name}.tgz")


@app.route("/export-quoted")
def export_quoted():
    name = shlex.quote(request.args.get("name", "books") + ".tgz")
    subprocess.run(f"tar czf {EXPORT_DIR}/{name} {COVER_DIR}", shell=True, check=True)
    return jsonify(file=name)


@app.route("/backup", methods=["POST"])
def backup():
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    subprocess.run(f"sqlite3 bookshelf.db .dump | gzip > {EXPORT_DIR}/db-{stamp}.sql.gz", shell=True, check=True)
    return jsonify(backup=stamp)


@app.route("/import", methods=["POST"])
def import_catalogue():
    catalogue = yaml.load(request.files["catalogue"].read(), Loader=yaml.Loader)
    return jsonify(imported=len(catalogue.get("books", [])))


@app.route("/import-safe", methods=["POST"])
def import_catalogue_safe():
    catalogue = yaml.safe_load(request.files["catalogue"].read())
    return jsonify(imported=len(catalogue.get("books", [])))


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    user = db.find_user(username)
    if user is None or not auth.check_password(request.form["password"], user["password_hash"]):
        log.warning("failed login for %s", username)
        abort(401)
    session["user_id"] = user["id"]
    session["role"] = request.form.get("role", "reader")
    return redirect(request.args.get("next", "/"))


@app.route("/role", methods=["POST"])
def switch_role():
    role = request.form["role"]
    if role not in ROLES:
        abort(400)
    session["view_as"] = role
    return redirect(url_for("index"))


@app.route("/logout")
def logout():
    session.clear()
    return redirect(url_for("index"))


@app.route("/forgot", methods=["POST"])
def forgot_password():
    user = db.find_user(request.form["username"])
    if user is not None:
        token = auth.reset_token()
        db.save_reset_token(user["id"], token)
        integrations.send_mail(user["username"], "reset.html", token=token)
    return jsonify(sent=True)


@app.route("/download-list")
def download_list():
    response = make_response("\n".join(book["title"] for book in db.books_sorted("title")))
    response.headers["Content-Disposition"] = "attachment; filename=" + request.args.get("file", "books.txt")
    return response


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000, debug=True)
