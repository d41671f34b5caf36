"""The stored lowest price of each product per price type (``ProductListPrice``), kept equal
to ``Price`` by two set-based statements after an import: a catalog page sorted by price
reads one narrow indexed row per product instead of a subquery over offers and prices.

Upsert rather than rebuild, so that an import that changed nothing changes no row here either;
new rows go in product order, so that two runs of the same import give them the same ids.
"""

from __future__ import annotations

from django.db import connection

_LOWEST = (
    "INSERT INTO catalog_productlistprice (product_id, price_type_id, amount) "
    "SELECT o.product_id, r.price_type_id, MIN(r.amount) "
    "FROM catalog_price r JOIN catalog_offer o ON o.id = r.offer_id "
    "GROUP BY o.product_id, r.price_type_id ORDER BY o.product_id, r.price_type_id"
)
_UPSERT = (
    f"{_LOWEST} "
    "ON CONFLICT (product_id, price_type_id) DO UPDATE SET amount = excluded.amount "
    "WHERE catalog_productlistprice.amount <> excluded.amount"
)
_DELETE_GONE = (
    "DELETE FROM catalog_productlistprice WHERE NOT EXISTS ("
    "SELECT 1 FROM catalog_price r JOIN catalog_offer o ON o.id = r.offer_id "
    "WHERE o.product_id = catalog_productlistprice.product_id "
    "AND r.price_type_id = catalog_productlistprice.price_type_id)"
)


def refresh_list_prices() -> None:
    """Bring every product's lowest price per type up to date (inside the caller's
    transaction); into an empty table (a first import) a plain insert."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM catalog_productlistprice LIMIT 1")
        if cursor.fetchone() is None:
            cursor.execute(_LOWEST)
            return
        cursor.execute(_DELETE_GONE)
        cursor.execute(_UPSERT)
