"""Catalog pages that an index can deliver, on PostgreSQL: walk it first, on a budget, and
sort every candidate only when the walk comes up short.

One statement tries both: the walk runs, and the sorted query runs only if the walk did not
fill the page (its branch is cut by a condition the database checks once). Either way the page
holds exactly the rows sorting would give it.

- **A search sorted by name.** A word that occurs all along the names («дверь»: «Балконная
  дверь …», «Дверь входная …», «Межкомнатная дверь …») matches tens of thousands of products;
  sorting them all for one page costs ~11 ms at 100,000 products, while walking the (name, id)
  index finds the page among the first few dozen names in ~0.5 ms. A word that starts the names
  it is in («Окно …») clusters its matches in one stretch of the index, and an unbounded walk
  would pass most of the catalog first (46 ms for «окно»), which is why the planner is kept off
  that index (``selectors._unindexed``) and the walk here stops after ``WALK_PER_ROW`` names
  per row the page needs. A match it did not reach comes after every name it walked. Only a
  search of one word of letters tries it: several words or a code never fill a page from the
  first names, and the try costs them ~1.5 ms.
- **By price.** A product may lack a price of the caller's type and then comes last, so the
  sorted query joins the prices as an outer join, which no index can order (60 ms for the whole
  catalog at 100,000 products). The priced products alone walk the (type, amount) index
  (0.1–4 ms); when they fill the page it is the page, since every unpriced product comes after
  them. A group, filter or search narrows the walk to its products, hashed once: for a top group
  with a colour filter (1,303 of 10,000 products) the walk passes ~2,000 prices in ~1.5 ms where
  looking up the price of every candidate took ~5 ms. That walk stops after
  ``PRICE_WALK_PER_ROW`` prices per row the page needs, at most ``PRICE_WALK_MOST``.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import PriceType, Product, ProductListPrice
from .search import apply_search

# Matches spread along the names at 5 % or more are found by the walk; sparser ones cost the
# walk (~0.5 ms for a first page) on top of the sorted search.
WALK_PER_ROW = 20
# A narrowed price walk finds products that are 1 % or more of the priced ones, on the first
# pages; a walk of 5,000 index entries costs ~3 ms.
PRICE_WALK_PER_ROW = 100
PRICE_WALK_MOST = 5_000


def first_matches_by_name(
    visible: QuerySet, text: str, sorted_page: QuerySet, start: int, count: int
) -> RawSQL:
    """Ids of the ``count`` matches of ``text`` from ``start`` in (name, id) order.

    ``visible`` is every product the caller may see; ``sorted_page`` the same with the search
    applied, sorted and sliced to the page."""
    needed = start + count
    names_sql, names_params = (
        visible.order_by("name", "pk")
        .values("id", "name", "search_name", "article")[: needed * WALK_PER_ROW]
        .query.sql_with_params()
    )
    match_sql, match_params = _search_condition(text)
    table = connection.ops.quote_name(Product._meta.db_table)
    walk_sql = f"""
        SELECT "id" FROM (
            SELECT {table}."id", {table}."name" FROM ({names_sql}) {table}
            WHERE {match_sql} LIMIT {needed}
        ) found ORDER BY "name", "id" OFFSET {start}
    """  # noqa: S608 - SQL the ORM compiled; values go as parameters
    return _walk_or_sort(walk_sql, (*names_params, *match_params), sorted_page, count)


def first_priced(
    visible: QuerySet,
    price_type: PriceType,
    descending: bool,
    sorted_page: QuerySet,
    start: int,
    count: int,
) -> RawSQL:
    """Ids of the ``count`` products from ``start`` by the caller's price (then name, id).

    ``sorted_page`` is ``visible`` sorted by price with the unpriced products last, sliced to
    the page."""
    amount = "-list_prices__amount" if descending else "list_prices__amount"
    walk_sql, walk_params = (
        visible.filter(list_prices__price_type=price_type)
        .order_by(amount, "name", "pk")
        .values("id")[start : start + count]
        .query.sql_with_params()
    )
    return _walk_or_sort(walk_sql, walk_params, sorted_page, count)


def first_priced_of(
    candidates: QuerySet,
    price_type: PriceType,
    descending: bool,
    sorted_page: QuerySet,
    start: int,
    count: int,
) -> RawSQL:
    """As ``first_priced``, for the ``candidates`` of a group, filter or search.

    The walk reads the first prices of the type in index order (amount, then product id) and
    keeps the candidates among them. The page orders equal amounts by name, so the last amount
    walked may have more products past the budget: only amounts before it count, unless the
    walk read every price of the type."""
    needed = start + count
    budget = min(needed * PRICE_WALK_PER_ROW, PRICE_WALK_MOST)
    quote = connection.ops.quote_name
    prices, product = ProductListPrice._meta, Product._meta
    amount, product_id, type_id = (
        quote(prices.get_field(name).column) for name in ("amount", "product", "price_type")
    )
    name, pk = quote(product.get_field("name").column), quote(product.pk.column)
    down = " DESC" if descending else ""
    edge, before = ("MIN", ">") if descending else ("MAX", "<")
    # Only the candidates among the walked prices: the planner then checks a filter (a colour)
    # for those few instead of hashing every product that has it (12,600 rows for a top group
    # with a colour at 100,000 products: 10.6 -> 8.9 ms). Without the model's ordering: a
    # hashed subplan that sorted its rows by name first spent ~1 ms on nothing.
    walked = candidates.filter(pk__in=RawSQL("SELECT product FROM prefix", ()))
    candidates_sql, candidates_params = walked.order_by().values("pk").query.sql_with_params()
    walk_sql = f"""
        WITH prefix AS MATERIALIZED (
            SELECT {product_id} AS product, {amount} AS amount FROM {quote(prices.db_table)}
            WHERE {type_id} = %s ORDER BY {amount}{down}, {product_id}{down} LIMIT {budget}
        )
        SELECT product_row.{pk} AS "id" FROM prefix
        JOIN {quote(product.db_table)} product_row ON product_row.{pk} = prefix.product
        WHERE (prefix.product IN ({candidates_sql})) IS TRUE
          AND ((SELECT COUNT(*) FROM prefix) < {budget}
               OR prefix.amount {before} (SELECT {edge}(amount) FROM prefix))
        ORDER BY prefix.amount{down}, product_row.{name}, product_row.{pk}
        OFFSET {start} LIMIT {count}
    """  # noqa: S608 - names from the models, SQL the ORM compiled; values go as parameters
    params = (price_type.pk, *candidates_params)
    return _walk_or_sort(walk_sql, params, sorted_page, count)


def _walk_or_sort(walk_sql: str, walk_params: tuple, sorted_page: QuerySet, count: int) -> RawSQL:
    """The walk's ids when it found ``count`` of them, else the sorted page's."""
    sorted_sql, sorted_params = sorted_page.values("pk").query.sql_with_params()
    sql = f"""
        WITH walked AS ({walk_sql})
        SELECT "id" FROM walked WHERE (SELECT COUNT(*) FROM walked) = {count}
        UNION ALL
        SELECT "pk" FROM ({sorted_sql}) sorted_page WHERE (SELECT COUNT(*) FROM walked) < {count}
    """  # noqa: S608 - SQL the ORM compiled; values go as parameters
    return RawSQL(sql, (*walk_params, *sorted_params))  # noqa: S611


def _search_condition(text: str) -> tuple[str, tuple]:
    """``apply_search``'s condition as SQL over the product table's own name: the walked rows
    take that name, so the search is written once."""
    query = apply_search(Product.objects.all(), text).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(query.where)
    return sql, tuple(params)
