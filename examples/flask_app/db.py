"""Data access for books and users on SQLite."""
import sqlite3

from config import DATABASE, SORT_COLUMNS


def connect():
    """A connection whose rows behave like dicts."""
    conn = sqlite3.connect(DATABASE)
    conn.row_factory = sqlite3.Row
    return conn


def get_book(book_id):
    """One book by id, or None."""
    cur = connect().cursor()
    cur.execute("SELECT * FROM books WHERE id = ?", (book_id,))
    return cur.fetchone()


def search_books(term):
    """Books whose title contains the term."""
    cur = connect().cursor()
    cur.execute("SELECT id, title, author FROM books WHERE title LIKE '%" + term + "%'")
    return cur.fetchall()


def books_sorted(column):
    """Every book, ordered by one of the allowed columns."""
    if column not in SORT_COLUMNS:
        raise ValueError(f"cannot sort by {column!r}")
    cur = connect().cursor()
    cur.execute(f"SELECT id, title, author FROM books ORDER BY {column}")
    return cur.fetchall()


def find_user(username):
    """The user row for a login name."""
    cur = connect().cursor()
    cur.execute("SELECT id, username, password_hash, role FROM users WHERE username = ?", (username,))
    return cur.fetchone()


def save_reset_token(user_id, token):
    """Stores a password-reset token for the user."""
    conn = connect()
    conn.execute("UPDATE users SET reset_token = ? WHERE id = ?", (token, user_id))
    conn.commit()


def count_reviews(book_id):
    """How many reviews a book has."""
    cur = connect().cursor()
    cur.execute("SELECT count(*) FROM reviews WHERE book_id = %d" % int(book_id))
    return cur.fetchone()[0]
