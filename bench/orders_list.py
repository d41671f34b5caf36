"""The order list at scale on PostgreSQL: N orders (default 1,000,000) and ~5 lines each.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_orders \\
        .venv/bin/python bench/orders_list.py [N]

Generates the orders once with COPY (resumable, see orders_data.py), then for the big dealer's
list (50 rows) with each single filter measures, in the same run:

- the data part (``listing.order_list`` without the count: the page query and building the
  rows) against a hand-written SQL of the same page fetched with a plain cursor (≤ 2.5×);
- the rendered list — the htmx answer a filter change gets: the table, its pager and count,
  through the Django test client (routing, middleware, session, queries, template) — against
  the same SQL (≤ 4×); the whole page (menu and filter bar too) is printed beside it;
- the whole ``order_list`` with its capped count: p95 under 25 ms;
- a deep page (cursor after 10,000 rows) against the first page (≤ 2×);
- search by a fragment of the number: p95 under 25 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import percentile, setup_django

ROUNDS = 30
LIMIT = 50

SIDE_SQL = """
(SELECT o.id, o.number, o.factory_number, o.kind, o.status,
        COALESCE(o.submitted_at, o.created_at) AS list_date, o.created_at, o.submitted_at,
        o.buyer_id, b.name, b.kind, le.name, fs.name, u.full_name, o.total,
        o.desired_delivery_date, o.planned_delivery_date, o.version
 FROM orders_order o
 JOIN organisations_organisation b ON b.id = o.buyer_id
 JOIN organisations_legalentity le ON le.id = o.legal_entity_id
 JOIN accounts_user u ON u.id = o.author_id
 LEFT JOIN organisations_organisation fs ON fs.id = o.for_subdealer_id
 WHERE {side} {where}
 ORDER BY 6 DESC, 1 DESC LIMIT 51)
"""
# The best hand-written SQL of the page: the dealer's purchases and its sales (sub-dealers'
# orders, drafts excepted), each read in index order, merged.
PAGE_SQL = (
    SIDE_SQL.replace("{side}", "o.buyer_id = %(org)s")
    + " UNION ALL "
    + SIDE_SQL.replace("{side}", "o.seller_id = %(org)s AND o.status <> 'draft'")
    + " ORDER BY 6 DESC, 1 DESC LIMIT 51"
)


def timed(function, rounds=ROUNDS) -> list[float]:
    function()  # warm up
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def cases(world) -> list[tuple[str, dict, str, dict]]:
    """(label, URL parameters, extra SQL condition, its parameters) — one filter each."""
    from portal.accounts.models import User
    from portal.organisations.models import LegalEntity

    dealer = world["dealers"][0]
    sub = world["subs"][dealer.pk][0]
    author = User.objects.filter(organisation=dealer).first()
    entity = LegalEntity.objects.filter(organisation=sub).first()
    return [
        ("без фильтра", {}, "", {}),
        (
            "поиск по номеру «12345»",
            {"q": "12345"},
            "AND (UPPER(o.number::text) LIKE UPPER(%(q)s) OR UPPER(o.factory_number::text) LIKE UPPER(%(q)s))",
            {"q": "%12345%"},
        ),
        (
            "период (месяц)",
            {"date_from": "2024-03-01", "date_to": "2024-03-31"},
            "AND COALESCE(o.submitted_at, o.created_at) >= '2024-03-01' AND COALESCE(o.submitted_at, o.created_at) < '2024-04-01'",
            {},
        ),
        ("автор", {"author": str(author.pk)}, "AND o.author_id = %(v)s", {"v": author.pk}),
        (
            "юрлицо",
            {"legal_entity": str(entity.pk)},
            "AND o.legal_entity_id = %(v)s",
            {"v": entity.pk},
        ),
        (
            "субдилер",
            {"subdealer": str(sub.pk)},
            "AND (o.for_subdealer_id = %(v)s OR o.buyer_id = %(v)s)",
            {"v": sub.pk},
        ),
        ("тип: рекламация", {"kind": "complaint"}, "AND o.kind = 'complaint'", {}),
        (
            "статус: на модерации",
            {"status": ["on_moderation"]},
            "AND o.status = 'on_moderation'",
            {},
        ),
        ("оплата: не оплачен", {"payment": "unpaid"}, "", {}),
        (
            "сумма 100–200 тыс.",
            {"total_from": "100000", "total_to": "200000"},
            "AND o.total >= 100000 AND o.total <= 200000",
            {},
        ),
    ]


def query_dict(params: dict):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in params.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def measure(count: int = 1_000_000) -> list[tuple]:
    """(figure, reference ms or None, value, target) for every single filter, the deep page
    and the search by a number fragment."""
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from orders_data import ensure_orders

    from portal.accounts.models import User
    from portal.orders import listing
    from portal.organisations.actor import actor_for_user

    started = time.perf_counter()
    world = ensure_orders(count)
    print(f"заказы: {count:,}, подготовка {time.perf_counter() - started:.1f} с")
    dealer = world["dealers"][0]
    user = User.objects.select_related("organisation").filter(organisation=dealer).first()
    actor = actor_for_user(user)
    visible = listing.order_queryset(actor, listing.OrderFilters()).count()
    print(f"список дилера «{dealer.name}»: {visible:,} заказов\n")
    try:
        list_url = reverse("orders:list")
    except NoReverseMatch:
        list_url = None
    client = Client()
    client.force_login(user, backend="portal.accounts.backends.EmailBackend")

    rows: list[tuple] = []  # figure, reference, ratio/value, target, ok
    p95s = []
    for label, params, where, sql_params in cases(world):
        filters = listing.OrderFilters.from_query(query_dict(params))

        def data(filters=filters):
            listing.order_list(actor, filters, sort="newest", limit=LIMIT, count=False)

        def whole(filters=filters):
            listing.order_list(actor, filters, sort="newest", limit=LIMIT)

        def raw(where=where, sql_params=sql_params):
            with connection.cursor() as cursor:
                cursor.execute(PAGE_SQL.format(where=where), {"org": dealer.pk, **sql_params})
                cursor.fetchall()

        raw_ms = statistics.median(timed(raw))
        data_ms = statistics.median(timed(data))
        whole_times = timed(whole)
        p95 = percentile(whole_times, 0.95)
        p95s.append(p95)
        rows.append((f"{label}: данные / SQL", raw_ms, data_ms, 2.5))
        if list_url:

            def web(params=params):
                response = client.get(list_url, query_dict(params))
                assert response.status_code == 200, response.status_code

            def partial(params=params):
                response = client.get(list_url, query_dict(params), HTTP_HX_REQUEST="true")
                assert response.status_code == 200, response.status_code

            # The rendered list is what a filter change brings (the htmx partial: the table,
            # its pager and count); the whole page adds the menu and the filter bar, shown
            # without a target.
            list_ms = statistics.median(timed(partial, rounds=10))
            rows.append((f"{label}: список (htmx) / SQL", raw_ms, list_ms, 4.0))
            web_ms = statistics.median(timed(web, rounds=10))
            rows.append((f"{label}: вся страница / SQL", raw_ms, web_ms, None))
        rows.append((f"{label}: p95 списка со счётчиком, мс", None, p95, 25.0))

    if not list_url:
        print("страница списка (orders:list) не найдена: «страница / SQL» не измерено")
    return rows + deep_and_search(actor)


def rows(count: int = 1_000_000) -> list[dict]:
    from report import row

    result = []
    for figure, reference, value, target in measure(count):
        if reference is None:
            result.append(
                row(f"заказы: {figure}", value, target=f"< {target:g}", ok=value < target, digits=2)
            )
        else:
            ratio = value / reference
            result.append(
                row(
                    f"заказы: {figure}, мс",
                    value,
                    reference=reference,
                    target=f"≤ {target:g}×" if target else "—",
                    ok=ratio <= target if target else None,
                    digits=2,
                )
            )
    return result


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print_ratio_table(measure(count))


def deep_and_search(actor) -> list[tuple]:
    from portal.orders import listing

    empty = listing.OrderFilters()
    cursor = None
    for _ in range(10_000 // listing.MAX_LIMIT):
        page = listing.order_list(actor, empty, after=cursor, limit=listing.MAX_LIMIT, count=False)
        cursor = page.next_cursor
    first = statistics.median(
        timed(lambda: listing.order_list(actor, empty, limit=LIMIT, count=False))
    )
    deep = statistics.median(
        timed(lambda: listing.order_list(actor, empty, after=cursor, limit=LIMIT, count=False))
    )
    fragments = ["123", "2024-0", "000777", "99", "ЗК-00", "45678", "2026-000", "нет"]
    search = []
    for fragment in fragments:
        filters = listing.OrderFilters(q=fragment)
        search += timed(lambda filters=filters: listing.order_list(actor, filters, limit=LIMIT), 10)
    return [
        ("страница после 10 000 строк / первая", first, deep, 2.0),
        ("поиск по части номера: p95, мс", None, percentile(search, 0.95), 25.0),
    ]


def print_ratio_table(rows, header=True) -> None:
    if header:
        print(f"{'показатель':<52} {'эталон, мс':>10} {'мс / ×':>9} {'цель':>6}  итог")
    for figure, reference, value, target in rows:
        if reference is None:
            shown, ok = f"{value:.2f}", value < target
            ref = "—"
        else:
            ratio = value / reference
            shown, ok = f"{ratio:.2f}×", (ratio <= target if target else None)
            ref = f"{reference:.2f}"
            figure = f"{figure} ({value:.2f} мс)"
        verdict = "—" if ok is None else ("да" if ok else "НЕТ")
        print(f"{figure:<52} {ref:>10} {shown:>9} {target or '—':>6}  {verdict}")


if __name__ == "__main__":
    main()
