"""The SQLAlchemy engine and the queries the inventory API runs."""
import os

from sqlalchemy import create_engine, text

engine = create_engine(os.environ.get("INVENTORY_DB_URL", "sqlite:///inventory.db"))

SORTABLE = {"name", "quantity", "updated"}


def rows(sql, **params):
    """Runs a query and returns its rows as dicts."""
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sql, params)]


def items_sorted(sort):
    """Every item, ordered by an allowed column."""
    if sort not in SORTABLE:
        raise ValueError(f"cannot sort by {sort!r}")
    return rows(text(f"SELECT id, name, quantity FROM items ORDER BY {sort}"))


def item_by_sku(sku):
    """One item by its stock-keeping unit."""
    found = rows(text("SELECT * FROM items WHERE sku = :sku"), sku=sku)
    return found[0] if found else None


def adjust_quantity(item_id, delta):
    """Adds delta to an item's quantity."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE items SET quantity = quantity + :d WHERE id = :i"), {"d": delta, "i": item_id})
