"""A list page's rows, read whole for the ids the page picked (``selectors.product_list``):
each product with its group, whether it has stock and its first picture, in the page's order.

The page's ids come from SQL the ORM compiled for the caller (its visibility, group, search,
filters, sort and slice; on PostgreSQL maybe an index walk). The statement around them is
written once per process and sort: built by the ORM for every page, with its three correlated
subqueries and the group's join, it cost ~1 ms of Python a page on the CI machine. Rows become
models through ``Model.from_db`` over the fields' own converters (``core.raw_rows``), the group
cached on its product as ``select_related`` caches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection

from portal.core.raw_rows import ModelColumns, column

from .models import (
    Offer,
    PriceType,
    Product,
    ProductGroup,
    ProductImage,
    ProductListPrice,
    StockLevel,
)

FACTS = ("has_stock", "image_path", "image_description")
PRICE_SORTS = ("price", "-price")
# The page's order once its rows are picked: unpriced products last in both price sorts, as
# ``selectors.SORTS`` orders the ids. The list price (a factory price) only orders the rows; it
# is never selected, so no page or answer built from them can show it to a sub-dealer.
ORDER = {
    "name": "p.{name}, p.{pk}",
    "new": "p.{first_seen_at} DESC, p.{pk} DESC",
    "price": "lp.{amount} ASC NULLS LAST, p.{name}, p.{pk}",
    "-price": "lp.{amount} DESC NULLS LAST, p.{name}, p.{pk}",
}


@dataclass(frozen=True)
class _Statement:
    sql: str  # with ``{ids}`` for the page's ids and, for a price sort, a price type parameter
    product: ModelColumns
    group: ModelColumns  # after the product's columns and its facts


def page_rows(
    ids_sql: str, ids_params: tuple, sort: str, price_type: PriceType | None
) -> list[Product]:
    """The products whose ids ``ids_sql`` selects, in the order of ``sort``."""
    priced = sort in PRICE_SORTS
    if sort not in ORDER or (priced and price_type is None):
        sort, priced = "name", False  # without a price type every product is unpriced: by name
    statement = _statement(sort)
    params = (price_type.pk, *ids_params) if priced else ids_params
    with connection.cursor() as cursor:
        cursor.execute(statement.sql.replace("{ids}", ids_sql), params)
        rows = cursor.fetchall()
    group_cache = Product._meta.get_field("group")
    result = []
    for row in rows:
        product = statement.product.load(row)
        facts = row[statement.product.end : statement.group.start]
        product.has_stock, product.image_path, product.image_description = facts
        product.has_stock = bool(product.has_stock)  # SQLite's EXISTS is 0 or 1
        group_cache.set_cached_value(product, statement.group.load(row))
        result.append(product)
    return result


@cache
def _statement(sort: str) -> _Statement:
    quote = connection.ops.quote_name
    product = ModelColumns.at(Product, "p", 0)
    group = ModelColumns.at(ProductGroup, "g", product.end + len(FACTS))
    facts = _facts(f"p.{quote(Product._meta.pk.column)}")
    selected = [*product.selected, *(facts[name] for name in FACTS), *group.selected]
    prices = ""
    if sort in PRICE_SORTS:
        prices = (
            f" LEFT OUTER JOIN {quote(ProductListPrice._meta.db_table)} lp"
            f" ON lp.{column(ProductListPrice, 'product')} = p.{quote(Product._meta.pk.column)}"
            f" AND lp.{column(ProductListPrice, 'price_type')} = %s"
        )
    order = ORDER[sort].format(
        name=column(Product, "name"),
        pk=quote(Product._meta.pk.column),
        first_seen_at=column(Product, "first_seen_at"),
        amount=column(ProductListPrice, "amount"),
    )
    sql = (
        f"SELECT {', '.join(selected)} FROM {quote(Product._meta.db_table)} p"  # noqa: S608 — names are ours
        f" LEFT OUTER JOIN {quote(ProductGroup._meta.db_table)} g"
        f" ON g.{quote(ProductGroup._meta.pk.column)} = p.{column(Product, 'group')}"
        f"{prices}"
        f" WHERE p.{quote(Product._meta.pk.column)} IN ({{ids}}) ORDER BY {order}"
    )
    return _Statement(sql=sql, product=product, group=group)


def _facts(product: str) -> dict[str, str]:
    """The stock flag (as ``selectors.in_stock_filter``) and the first picture (by ``sort``,
    then id) of the product whose id is ``product``, as correlated subqueries."""
    quote = connection.ops.quote_name
    stock, offer, image = StockLevel._meta, Offer._meta, ProductImage._meta
    has_stock = (
        f"EXISTS(SELECT 1 FROM {quote(stock.db_table)} s INNER JOIN {quote(offer.db_table)} o"  # noqa: S608 — names are ours
        f" ON s.{column(StockLevel, 'offer')} = o.{quote(offer.pk.column)}"
        f" WHERE o.{column(Offer, 'product')} = {product}"
        f" AND s.{column(StockLevel, 'quantity')} > 0)"
    )

    def first_image(name: str) -> str:
        return (
            f"(SELECT i.{column(ProductImage, name)} FROM {quote(image.db_table)} i"  # noqa: S608 — names are ours
            f" WHERE i.{column(ProductImage, 'product')} = {product}"
            f" ORDER BY i.{column(ProductImage, 'sort')}, i.{quote(image.pk.column)} LIMIT 1)"
        )

    return {
        "has_stock": has_stock,
        "image_path": first_image("path"),
        "image_description": first_image("description"),
    }
