import sqlalchemy as sa
from sqlalchemy import literal_column, text

from myapp.models import Item

ITEM_COLUMNS = "id, title"


def search(session, term):
    # ruleid: sqlalchemy-text-formatted
    return session.execute(text(f"SELECT id FROM items WHERE title LIKE '%{term}%'"))


def newer_than(session, days):
    # ruleid: sqlalchemy-text-formatted
    return session.query(Item).filter(sa.text("age < {}".format(days))).all()


def sort(session, column):
    # ruleid: sqlalchemy-text-formatted
    return session.query(Item).order_by(column + " DESC").all()


def score(column):
    # ruleid: sqlalchemy-text-formatted
    return literal_column("max(%s)" % column)


def by_owner(conn, owner):
    query = "SELECT * FROM items WHERE owner = '" + owner + "'"
    # ruleid: sqlalchemy-text-formatted
    return conn.execute(text(query))


def search_safely(session, term):
    # ok: sqlalchemy-text-formatted
    query = text("SELECT id FROM items WHERE title LIKE :pattern")
    return session.execute(query.bindparams(pattern=f"%{term}%"))


def columns(session):
    # ok: sqlalchemy-text-formatted
    return session.execute(text(f"SELECT {ITEM_COLUMNS} FROM items"))


def sort_safely(session, column):
    # ok: sqlalchemy-text-formatted
    return session.query(Item).order_by(getattr(Item, column).desc()).all()


def frame_filter(frame, column):
    # ok: sqlalchemy-text-formatted
    return frame.filter(like=f"{column}_")


def cheaper_than(session, price):
    # ruleid: sqlalchemy-text-formatted
    return session.execute(text(f"SELECT id FROM items WHERE price < {price}"))


def cheaper_than_safely(session, price):
    # ok: sqlalchemy-text-formatted
    return session.execute(text("SELECT id FROM items WHERE price < :price").bindparams(price=price))
