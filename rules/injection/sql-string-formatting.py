import logging

import pandas as pd
from psycopg2 import sql
from sqlalchemy import text

log = logging.getLogger(__name__)

ORDERS_BY_CUSTOMER = "SELECT id, total FROM orders WHERE customer_id = %s"


def find_user(cur, name):
    # ruleid: sql-string-formatting
    cur.execute(f"SELECT id, email FROM users WHERE name = '{name}'")
    return cur.fetchone()


def delete_order(conn, order_id):
    # ruleid: sql-string-formatting
    conn.execute("DELETE FROM orders WHERE id = '%s'" % order_id)


def delete_order_fixable(conn, order_id):
    # sql-percent-formatting reports this shape, with a fix.
    # ok: sql-string-formatting
    conn.execute("DELETE FROM orders WHERE id = %s" % order_id)


def archive_orders(conn, table, day):
    # ruleid: sql-string-formatting
    conn.exec_driver_sql(f"INSERT INTO {table}_archive SELECT * FROM {table} WHERE day = '{day}'")


def rename_user(db, user_id, new_name):
    query = "UPDATE users SET name = '" + new_name + "' WHERE id = " + str(user_id)
    # ruleid: sql-string-formatting
    db.cursor().execute(query)


def export_table(engine, table, since):
    # ruleid: sql-string-formatting
    return pd.read_sql("SELECT * FROM {} WHERE created > '{}'".format(table, since), engine)


def search(session, term):
    # sqlalchemy-text-formatted reports text(...).
    # ok: sql-string-formatting
    return session.execute(text(f"SELECT id FROM items WHERE title LIKE '%{term}%'"))


def find_user_safely(cur, name):
    # ok: sql-string-formatting
    cur.execute("SELECT id, email FROM users WHERE name = %s", (name,))
    return cur.fetchone()


def orders_for(cur, customer_id):
    # ok: sql-string-formatting
    cur.execute(ORDERS_BY_CUSTOMER, (customer_id,))
    return cur.fetchall()


def timed_query(cur, customer_id, elapsed):
    # ok: sql-string-formatting
    log.info(f"SELECT on orders FROM customer {customer_id} took {elapsed:.2f}s")
    # ok: sql-string-formatting
    raise RuntimeError(f"DELETE FROM orders failed for customer {customer_id}")


def count_rows(cur, table):
    # ok: sql-string-formatting
    cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
    return cur.fetchone()[0]


def insert_many(cur, rows):
    # ok: sql-string-formatting
    cur.executemany("INSERT INTO events (kind, payload) VALUES (?, ?)", rows)


def recent(session, days):
    # ok: sql-string-formatting
    return session.execute(text("SELECT id FROM items WHERE age < :days"), {"days": days})


def orders_by_ids(cur, ids):
    # ok: sql-string-formatting
    cur.execute("SELECT id, total FROM orders WHERE id IN (%s)" % ",".join("?" * len(ids)), ids)
    return cur.fetchall()


def end_sessions(cur, user):
    # ruleid: sql-string-formatting
    cur.execute(f"DELETE FROM sessions WHERE user_id = {user.id}")


def recent_orders(cur, since):
    # ruleid: sql-string-formatting
    cur.execute(f"SELECT id FROM orders WHERE created >= {since} ORDER BY id")


def archive_table(cur, table):
    # ruleid: sql-string-formatting
    cur.execute(f"DELETE FROM {table} WHERE archived = 1")


def end_sessions_safely(cur, user):
    # ok: sql-string-formatting
    cur.execute("DELETE FROM sessions WHERE user_id = %s", (user.id,))


def by_marker(cur, identifier):
    # ruleid: sql-string-formatting
    cur.execute("SELECT * FROM foo WHERE id = '[VALUE]'".replace("[VALUE]", identifier))


def normalised(cur):
    # ok: sql-string-formatting
    cur.execute("SELECT * FROM foo WHERE kind = 'TYPE'".replace("TYPE", "user"))
