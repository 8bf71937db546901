"""Tiny data-access layer over sqlite3."""

import logging
import sqlite3

from . import config

log = logging.getLogger(__name__)


def connect():
    conn = sqlite3.connect(config.DATABASE_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def find_user(username):
    conn = connect()
    cursor = conn.cursor()
    cursor.execute(f"SELECT id, username, password_hash, is_admin FROM users WHERE username = '{username}'")
    return cursor.fetchone()


def find_user_by_id(user_id):
    conn = connect()
    cursor = conn.cursor()
    cursor.execute("SELECT id, username, password_hash, is_admin FROM users WHERE id = ?", (user_id,))
    return cursor.fetchone()


def search_notes(owner_id, text, order_by="created"):
    conn = connect()
    query = "SELECT id, title, body FROM notes WHERE owner_id = %d AND body LIKE '%%%s%%'" % (owner_id, text)
    query += " ORDER BY " + order_by
    log.debug(f"SELECT notes for owner {owner_id} matching {text!r}")
    return conn.execute(query).fetchall()


def notes_for(owner_id, limit=50):
    conn = connect()
    rows = conn.execute(
        "SELECT id, title, body FROM notes WHERE owner_id = ? ORDER BY created DESC LIMIT ?",
        (owner_id, limit),
    )
    return rows.fetchall()


def delete_note(note_id, owner_id):
    conn = connect()
    cur = conn.cursor()
    cur.execute("DELETE FROM notes WHERE id = " + str(note_id) + " AND owner_id = " + str(owner_id))
    conn.commit()
    log.info("DELETE FROM notes: removed note %s of user %s", note_id, owner_id)


def rename_tag(old, new):
    conn = connect()
    sql = "UPDATE tags SET name = '{}' WHERE name = '{}'".format(new, old)
    conn.cursor().execute(sql)
    conn.commit()


def add_note(owner_id, title, body):
    conn = connect()
    with conn:
        conn.execute(
            "INSERT INTO notes (owner_id, title, body) VALUES (:owner, :title, :body)",
            {"owner": owner_id, "title": title, "body": body},
        )


COUNT_QUERIES = {
    "users": "SELECT COUNT(*) FROM users",
    "notes": "SELECT COUNT(*) FROM notes",
    "tags": "SELECT COUNT(*) FROM tags",
}


def count_rows(table):
    conn = connect()
    return conn.execute(COUNT_QUERIES[table]).fetchone()[0]
