"""Catalog search and a filtered group page at 100,000 products on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_catalog .venv/bin/python bench/catalog_search.py [N]

Builds N products once (default 100,000), then measures the server time of each request
(the Django test client: URL routing, middleware, queries, template) and prints p50/p95
against the target: p95 under 25 ms.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import ensure_catalog, percentile, setup_django

TARGET_MS = 25.0
ROUNDS = 5


def measure(client, urls: list[str]) -> list[float]:
    times = []
    for _ in range(ROUNDS):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    return times


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
    measure(client, search_urls[:3] + group_urls[:3])  # warm up
    results = {
        "поиск (страница каталога)": measure(client, search_urls),
        "поиск (API)": measure(client, api_urls),
        "группа с фильтрами": measure(client, group_urls),
        "широкий поиск (10–40 % каталога)": measure(client, broad_urls),
    }
    worst = 0.0
    for title, times in results.items():
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        worst = max(worst, p95)
        print(
            f"{title}: p50 {p50:.1f} мс, p95 {p95:.1f} мс, цель p95 < {TARGET_MS:.0f} мс ({p95 / TARGET_MS:.2f}× цели), запросов {len(times)}"
        )
    print("ИТОГ: " + ("в пределах цели" if worst < TARGET_MS else "медленнее цели"))


if __name__ == "__main__":
    main()
