"""A whole-catalog search sorted by name, on PostgreSQL: walk the names first, on a budget.

A word that occurs all along the names («дверь»: «Балконная дверь …», «Дверь входная …»,
«Межкомнатная дверь …») matches tens of thousands of products; sorting them all to show the
first page costs ~11 ms at 100,000 products, while walking the (name, id) index finds the first
page's matches among the first few dozen names in ~0.5 ms. But a word that starts the names it
is in («Окно …») clusters its matches in one stretch of the index, and a walk that waits for
them passes most of the catalog first (46 ms for «окно»). The planner can't tell the two apart,
so the statement tries both: it walks at most ``WALK_PER_ROW`` names per row the page needs,
and only when that walk comes up short does the sorted search of every match run.

The walk yields exactly the rows the sorted search would: a match it did not reach comes after
every name it walked.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from .models import Product
from .search import apply_search

# Matches spread along the names at 5 % or more are found by the walk; sparser ones cost the
# walk (~0.4 ms for a first page) on top of the sorted search.
WALK_PER_ROW = 20


def first_matches_by_name(
    visible: QuerySet, text: str, sorted_matches: QuerySet, start: int, count: int
) -> RawSQL:
    """Ids of the ``count`` matches of ``text`` from ``start`` in (name, id) order.

    ``visible`` is every product the caller may see; ``sorted_matches`` the same with the
    search applied, sorted and sliced to the page: it runs only when the walk comes up short.
    """
    needed = start + count
    walk_sql, walk_params = (
        visible.order_by("name", "pk")
        .values("id", "name", "search_name", "article")[: needed * WALK_PER_ROW]
        .query.sql_with_params()
    )
    match_sql, match_params = _search_condition(text)
    sorted_sql, sorted_params = sorted_matches.values("pk").query.sql_with_params()
    table = connection.ops.quote_name(Product._meta.db_table)
    sql = f"""
        WITH walked AS (
            SELECT {table}."id", {table}."name" FROM ({walk_sql}) {table}
            WHERE {match_sql} LIMIT {needed}
        )
        SELECT "id" FROM (
            SELECT "id" FROM walked ORDER BY "name", "id" OFFSET {start}
        ) walked_page WHERE (SELECT COUNT(*) FROM walked) = {needed}
        UNION ALL
        SELECT "pk" FROM ({sorted_sql}) sorted_page WHERE (SELECT COUNT(*) FROM walked) < {needed}
    """  # noqa: S608 - every part is SQL the ORM compiled; values go as parameters
    return RawSQL(sql, (*walk_params, *match_params, *sorted_params))  # noqa: S611


def _search_condition(text: str) -> tuple[str, tuple]:
    """``apply_search``'s condition as SQL over the product table's own name: the walked rows
    take that name, so the search is written once."""
    query = apply_search(Product.objects.all(), text).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(query.where)
    return sql, tuple(params)
