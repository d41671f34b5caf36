"""Price list xlsx for 20,000 products (target: under 10 s), for a sub-dealer (the longest
chain: dealer terms, promotions, mark-ups).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_catalog .venv/bin/python bench/price_list.py [N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import ensure_catalog, setup_django

TARGET_S = 10.0


def measure(count: int = 20_000) -> dict:
    setup_django()
    from portal.catalog.models import Product
    from portal.organisations.actor import actor_for_user
    from portal.pricing.exports import price_list_xlsx
    from portal.pricing.price_list import price_list_build

    organisations = ensure_catalog(count)
    total = Product.objects.filter(is_active=True).count()
    actor = actor_for_user(organisations["users"]["subdealer"])
    started = time.perf_counter()
    price_list = price_list_build(actor)
    built = time.perf_counter()
    content = price_list_xlsx(price_list)
    finished = time.perf_counter()
    return {
        "rows": price_list.row_count,
        "products": total,
        "prices": built - started,
        "file": finished - built,
        "seconds": finished - started,
        "size_kb": len(content) / 1024,
    }


def rows(count: int = 20_000) -> list[dict]:
    from report import grouped, row

    m = measure(count)
    return [
        row(
            f"прайс-лист xlsx, {grouped(m['rows'])} строк, с",
            m["seconds"],
            target=f"< {TARGET_S:.0f} с",
            ok=m["seconds"] < TARGET_S,
            digits=2,
        )
    ]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    m = measure(count)
    seconds = m["seconds"]
    print(
        f"прайс-лист xlsx: {m['rows']} строк (товаров в базе {m['products']}), "
        f"цены {m['prices']:.2f} с + файл {m['file']:.2f} с = {seconds:.2f} с, "
        f"{m['size_kb']:.0f} КБ; цель < {TARGET_S:.0f} с ({seconds / TARGET_S:.2f}× цели)"
    )
    if m["rows"] < count:
        print("  внимание: в базе меньше товаров, чем задано")


if __name__ == "__main__":
    main()
