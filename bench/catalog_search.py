"""Catalog search and a filtered group page at 100,000 products on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_catalog .venv/bin/python bench/catalog_search.py [N]

Builds N products once (default 100,000), then measures the server time of each request
(the Django test client: URL routing, middleware, queries, template) and prints p50/p95
against the target: p95 under 25 ms, and the most SQL statements one request of each kind
sends. Each p95 is also given as a ratio to a reference measured in the same run, a signed-in
page without the catalog (``/profile/``): the machines this runs on differ by up to 1.5× in
speed, and the ratio says what the catalog itself costs. On a shared machine compare with ``EXPLAIN (ANALYZE, BUFFERS)`` of the page query too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import ensure_catalog, percentile, setup_django

TARGET_MS = 25.0
ROUNDS = 5
REFERENCE_URLS = ["/profile/"] * 8


def measure(client, urls: list[str], cpu: list[float] | None = None) -> list[float]:
    """Wall-clock times; ``cpu`` gets this process's CPU time of each request (Python alone,
    without waiting for the database or for a core on a busy machine)."""
    times = []
    for _ in range(ROUNDS):
        for url in urls:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if cpu is not None:
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return times


def queries_per_request(client, urls: list[str]) -> int:
    """The most SQL statements one of these requests sends (warm caches)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    most = 0
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        most = max(most, len(queries))
    return most


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    setup_django()
    from django.test import Client

    from portal.catalog.models import ProductGroup, PropertyChoice

    started = time.perf_counter()
    organisations = ensure_catalog(count)
    print(f"каталог: {count} товаров, подготовка {time.perf_counter() - started:.1f} с")
    client = Client()
    client.force_login(
        organisations["users"]["subdealer"], backend="portal.accounts.backends.EmailBackend"
    )
    # Specific searches match a few rows to a few hundred; broad ones match 10–40 % of this
    # generated catalog (it has only ten kinds of product), the worst case for a sorted page.
    specific = [
        "дверь входная термо",
        "стеклопакет термо 1200",
        "OK-0012",
        "DV-00999",
        "FR-0456",
        "подоконник премиум белый",
        "межкомнатная венге норд",
        "нет-такого-товара",
    ]
    broad = ["окно", "дверь", "сетка", "балконная", "1200"]
    search_urls = [f"/catalog/?q={q}" for q in specific]
    broad_urls = [f"/catalog/?q={q}" for q in broad]
    api_urls = [f"/api/v1/products/?search={q}" for q in specific]
    groups = list(
        ProductGroup.objects.filter(external_id__startswith="bench-g", parent__isnull=False)[:10]
    )
    tops = list(
        ProductGroup.objects.filter(external_id__startswith="bench-g", parent__isnull=True)[:4]
    )
    colour = PropertyChoice.objects.filter(external_id__startswith="bench-c").first()
    key = f"{colour.property_id}-c{colour.pk}"
    group_urls = [f"/catalog/?group={g.pk}&pv={key}&in_stock=on" for g in groups]
    group_urls += [f"/catalog/?group={g.pk}&pv={key}&sort=price" for g in tops]
    # The first page a user opens, in every sort, and a deep page: the whole catalog, walked
    # along an index (``catalog.page_walks`` for the prices).
    whole_urls = [
        "/catalog/",
        "/catalog/?page=40",
        "/catalog/?sort=new",
        "/catalog/?in_stock=on",
        "/catalog/?sort=price",
        "/catalog/?sort=-price&page=40",
    ]
    measure(client, search_urls[:3] + group_urls[:3])  # warm up
    kinds = {
        "поиск (страница каталога)": search_urls,
        "поиск (API)": api_urls,
        "группа с фильтрами": group_urls,
        "широкий поиск (10–40 % каталога)": broad_urls,
        "весь каталог (каждая сортировка)": whole_urls,
    }
    cpu = {title: [] for title in kinds}
    results = {title: measure(client, urls, cpu[title]) for title, urls in kinds.items()}
    # The reference, measured in the same run: a signed-in page without the catalog (the same
    # middleware, session, user, top bar and base template), so that figures from machines of
    # different speed can be compared by their ratio to it.
    reference = percentile(measure(client, REFERENCE_URLS), 0.95)
    print(f"    опорная страница (профиль, без каталога): p95 {reference:.1f} мс")
    worst = 0.0
    for title, times in results.items():
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        worst = max(worst, p95)
        statements = queries_per_request(client, kinds[title])
        print(
            f"{title}: p50 {p50:.1f} мс, p95 {p95:.1f} мс, цель p95 < {TARGET_MS:.0f} мс ({p95 / TARGET_MS:.2f}× цели, {p95 / reference:.1f}× опорной), запросов {len(times)}, SQL на запрос до {statements}"
        )
        print(
            f"    процессор Python: p50 {percentile(cpu[title], 0.5):.1f} мс, p95 {percentile(cpu[title], 0.95):.1f} мс"
        )
    print("ИТОГ: " + ("в пределах цели" if worst < TARGET_MS else "медленнее цели"))


def rows(count: int = 100_000) -> list[dict]:
    """For ``run_all.py``: runs ``main`` as it is and reads its p95 lines back (kept apart
    from ``main`` so that work on the catalog's speed can change ``main`` freely)."""
    import contextlib
    import io
    import re

    from report import row

    output = io.StringIO()
    saved, sys.argv = sys.argv, [sys.argv[0], str(count)]
    try:
        with contextlib.redirect_stdout(output):
            main()
    finally:
        sys.argv = saved
    print(output.getvalue(), end="")
    found = re.findall(r"^(\S.*?): p50 [\d.]+ мс, p95 ([\d.]+) мс", output.getvalue(), re.M)
    return [
        row(
            f"каталог: {title}, p95, мс",
            float(p95),
            target=f"< {TARGET_MS:.0f}",
            ok=float(p95) < TARGET_MS,
        )
        for title, p95 in found
    ]


if __name__ == "__main__":
    main()
