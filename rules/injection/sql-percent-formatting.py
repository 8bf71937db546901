def delete_order(cur, order_id):
    # ruleid: sql-percent-formatting
    cur.execute("DELETE FROM orders WHERE id = %s" % order_id)


def active_user(conn, user):
    cursor = conn.cursor()
    # ruleid: sql-percent-formatting
    cursor.execute("SELECT id FROM users WHERE status = 'active' AND name = %s" % user.name)
    return cursor.fetchone()


def delete_order_safely(cur, order_id):
    # ok: sql-percent-formatting
    cur.execute("DELETE FROM orders WHERE id = %s", (order_id,))


def quoted(cur, name):
    # ok: sql-percent-formatting
    cur.execute("SELECT id FROM users WHERE name = '%s'" % name)


def two_values(cur, low, high):
    # ok: sql-percent-formatting
    cur.execute("SELECT id FROM items WHERE price BETWEEN %s AND %s" % (low, high))


def log_message(log, order_id):
    # ok: sql-percent-formatting
    log.info("DELETE FROM orders WHERE id = %s" % order_id)
