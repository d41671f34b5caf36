"""Excel import of 10,000 lines (read, check, price, write) against python-calamine's read of
the same file alone (target: within 3×). A dealer's order form: catalog articles of the
generated catalog, one line in ten a made-to-measure window of the demo configurator.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_catalog \
        .venv/bin/python bench/excel_import.py [LINES]
    BENCH_DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/excel_import.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import ensure_catalog, setup_django

TARGET_RATIO = 3.0
CATALOG = 20_000
REPEATS = 5


def measure(count: int = 10_000) -> dict:
    """Seconds of the calamine read, the one-step import and preview + accept; lines kept."""
    setup()
    import openpyxl
    import python_calamine
    from django.db import transaction

    from portal.catalog.models import Product
    from portal.demo import configurator
    from portal.orders.excel import excel_import_accept, excel_import_preview
    from portal.organisations.actor import actor_for_user
    from portal.organisations.models import LegalEntity

    organisations = ensure_catalog(CATALOG)
    configurator.build()
    dealer = organisations["dealer"]
    LegalEntity.objects.get_or_create(
        organisation=dealer, defaults={"name": "ООО «Бенч-дилер»", "inn": "7700020012"}
    )
    actor = actor_for_user(organisations["users"]["dealer"])
    articles = list(
        Product.objects.filter(external_id__startswith="bench-", is_active=True)
        .order_by("pk")
        .values_list("article", flat=True)[:CATALOG]
    )
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Заказ"
    sheet.append(
        [
            "№",
            "Артикул",
            "Модель изделия",
            "Количество",
            "Ширина, мм",
            "Высота, мм",
            "Опции",
            "Примечание",
        ]
    )
    for i in range(count):
        if i % 10 == 9:
            sheet.append(
                [
                    i + 1,
                    None,
                    "Окно ПВХ",
                    1 + i % 3,
                    600 + (i % 30) * 10,
                    1400,
                    "Стеклопакет: двухкамерный 4-10-4-10-4; Число створок: 1",
                    None,
                ]
            )
        else:
            sheet.append([i + 1, articles[(i * 7) % len(articles)], None, 1 + i % 5])
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()

    def calamine_read() -> None:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)

    def one_step() -> int:
        with transaction.atomic():
            accepted = excel_import_accept(
                actor=actor, preview_token_or_data=data, file_name="bench.xlsx"
            )
            lines = accepted.order.lines.count()
            check_deferred()
            transaction.set_rollback(True)
        return lines

    def two_steps() -> int:
        with transaction.atomic():
            preview = excel_import_preview(actor=actor, file_name="bench.xlsx", data=data)
            accepted = excel_import_accept(actor=actor, preview_token_or_data=preview.token)
            lines = accepted.order.lines.count()
            check_deferred()
            transaction.set_rollback(True)
        return lines

    reference = best(calamine_read)
    imported = best(one_step)
    previewed = best(two_steps)
    return {
        "count": count,
        "lines": one_step(),
        "size_kb": len(data) // 1024,
        "reference": reference,
        "imported": imported,
        "previewed": previewed,
    }


def rows(count: int = 10_000) -> list[dict]:
    from report import grouped, row

    m = measure(count)
    ratio = m["imported"] / m["reference"]
    return [
        row(
            f"Excel-импорт {grouped(count)} строк / чтение calamine, мс",
            m["imported"] * 1000,
            reference=m["reference"] * 1000,
            target=f"≤ {TARGET_RATIO:.0f}×",
            ok=ratio <= TARGET_RATIO,
            digits=0,
        ),
        row(
            "Excel: предпросмотр + подтверждение / чтение, мс",
            m["previewed"] * 1000,
            reference=m["reference"] * 1000,
            target="—",
            ok=None,
            digits=0,
        ),
    ]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    m = measure(count)
    lines, data_kb = m["lines"], m["size_kb"]
    reference, imported, previewed = m["reference"], m["imported"], m["previewed"]
    ratio = imported / reference
    print(f"Excel-импорт: {count} строк в файле, {lines} строк в заказе, файл {data_kb} КБ")
    print(f"  чтение python-calamine (эталон): {reference * 1000:.0f} мс")
    print(
        f"  импорт (чтение, проверка, цены, запись): {imported * 1000:.0f} мс — "
        f"{ratio:.2f}× эталона; цель ≤ {TARGET_RATIO:.0f}×: "
        f"{'выполнена' if ratio <= TARGET_RATIO else 'НЕ выполнена'}"
    )
    print(
        f"  предпросмотр + подтверждение (подтверждение сверяет цены и каталог заново): "
        f"{previewed * 1000:.0f} мс — {previewed / reference:.2f}× эталона"
    )


def setup() -> None:
    """PostgreSQL through ``catalog_data.setup_django``; a SQLite URL is taken as it is."""
    url = os.getenv("BENCH_DATABASE_URL") or os.getenv("DATABASE_URL") or ""
    if not url.startswith("sqlite"):
        setup_django()
        return
    os.environ.update(DATABASE_URL=url, DEBUG="0", SITE_HTTPS="0", STATIC_MANIFEST="0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def check_deferred() -> None:
    """Fire the checks PostgreSQL defers to the commit (the lines' foreign keys), which a
    rolled-back run would otherwise never pay for."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def best(run) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times) if len(times) < 3 else statistics.median(sorted(times)[:3])


if __name__ == "__main__":
    main()
