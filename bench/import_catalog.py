"""CommerceML import speed: first import and re-import against lxml's iterparse alone.

    .venv/bin/python bench/import_catalog.py [N]            # SQLite in a temp file
    DATABASE_URL=postgres://… .venv/bin/python bench/import_catalog.py 20000

Generates a package of N products (default 100 000) with properties, one offer per product,
prices of 3 price types and stock in 3 warehouses; measures lxml iterparse reading the same
files, then the first import and the re-import into an empty test database (created and
dropped by this script), and the peak RSS of the process. Prints one table.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# run_all.py measures both databases: its "import" on BENCH_DATABASE_URL (PostgreSQL), its
# "import_sqlite" with BENCH_IMPORT_SQLITE=1 (a temporary SQLite file).
if os.getenv("BENCH_IMPORT_SQLITE") == "1":
    os.environ.pop("DATABASE_URL", None)
elif os.getenv("BENCH_DATABASE_URL"):
    os.environ.setdefault("DATABASE_URL", os.environ["BENCH_DATABASE_URL"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from lxml import etree  # noqa: E402

from portal.exchange.importer.run import import_catalog  # noqa: E402

PRICE_TYPES = [("pt-retail", "Розничная"), ("pt-dealer", "Дилерская"), ("pt-wholesale", "Оптовая")]
WAREHOUSES = [("wh-msk", "Склад Москва"), ("wh-spb", "Склад Санкт-Петербург"), ("wh-tver", "Склад Тверь")]  # fmt: skip
COLOURS = [(f"colour-{i}", name) for i, name in enumerate(["Белый", "Золотой дуб", "Антрацит", "Махагон"])]  # fmt: skip
HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.08" ДатаФормирования="2025-03-01T10:00:00">\n'  # fmt: skip


def generate(folder: Path, count: int) -> list[Path]:
    rng = random.Random(42)
    imports, offers = folder / "import.xml", folder / "offers.xml"
    with imports.open("w", encoding="utf-8") as out:
        out.write(HEAD + "<Классификатор><Ид>cls</Ид><Наименование>Каталог</Наименование><Группы>")
        for g in range(50):
            out.write(f"<Группа><Ид>grp-{g}</Ид><Наименование>Группа {g}</Наименование></Группа>")
        out.write("</Группы><Свойства>")
        out.write("<Свойство><Ид>p-colour</Ид><Наименование>Цвет</Наименование><ТипЗначений>Справочник</ТипЗначений><ВариантыЗначений>")  # fmt: skip
        for ext, name in COLOURS:
            out.write(f"<Справочник><ИдЗначения>{ext}</ИдЗначения><Значение>{name}</Значение></Справочник>")  # fmt: skip
        out.write("</ВариантыЗначений></Свойство>")
        for p in ("width", "height", "weight"):
            out.write(f"<Свойство><Ид>p-{p}</Ид><Наименование>{p}</Наименование><ТипЗначений>Число</ТипЗначений></Свойство>")  # fmt: skip
        out.write("<Свойство><Ид>p-profile</Ид><Наименование>Профиль</Наименование><ТипЗначений>Строка</ТипЗначений></Свойство>")  # fmt: skip
        out.write('</Свойства></Классификатор>\n<Каталог СодержитТолькоИзменения="false"><Ид>cat</Ид><Наименование>Каталог</Наименование><Товары>\n')  # fmt: skip
        for i in range(count):
            out.write(
                f"<Товар><Ид>prod-{i:08d}</Ид><Артикул>ART-{i}</Артикул>"
                f"<Наименование>Окно ПВХ {600 + i % 900}×{900 + i % 700} модель {i}</Наименование>"
                '<БазоваяЕдиница Код="796 " НаименованиеПолное="Штука">шт</БазоваяЕдиница>'
                f"<Группы><Ид>grp-{i % 50}</Ид></Группы><ЗначенияСвойств>"
                f"<ЗначенияСвойства><Ид>p-colour</Ид><Значение>{COLOURS[i % 4][0]}</Значение></ЗначенияСвойства>"
                f"<ЗначенияСвойства><Ид>p-width</Ид><Значение>{600 + i % 900}</Значение></ЗначенияСвойства>"
                f"<ЗначенияСвойства><Ид>p-height</Ид><Значение>{900 + i % 700}</Значение></ЗначенияСвойства>"
                f"<ЗначенияСвойства><Ид>p-weight</Ид><Значение>{rng.randint(10, 90)},{rng.randint(0, 9)}</Значение></ЗначенияСвойства>"
                "<ЗначенияСвойства><Ид>p-profile</Ид><Значение>KBE 70</Значение></ЗначенияСвойства>"
                "</ЗначенияСвойств><СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование>"
                "<Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов></Товар>\n"
            )  # fmt: skip
        out.write("</Товары></Каталог></КоммерческаяИнформация>\n")
    with offers.open("w", encoding="utf-8") as out:
        out.write(HEAD + '<ПакетПредложений СодержитТолькоИзменения="false"><Ид>cat#</Ид><ИдКаталога>cat</ИдКаталога><ТипыЦен>')  # fmt: skip
        for ext, name in PRICE_TYPES:
            out.write(f"<ТипЦены><Ид>{ext}</Ид><Наименование>{name}</Наименование><Валюта>RUB</Валюта></ТипЦены>")  # fmt: skip
        out.write("</ТипыЦен><Склады>")
        for ext, name in WAREHOUSES:
            out.write(f"<Склад><Ид>{ext}</Ид><Наименование>{name}</Наименование></Склад>")
        out.write("</Склады><Предложения>\n")
        for i in range(count):
            base = rng.randint(3000, 90000)
            prices = "".join(
                f"<Цена><ИдТипаЦены>{ext}</ИдТипаЦены><ЦенаЗаЕдиницу>{base * (100 - 10 * k) // 100}.{k}0</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена>"
                for k, (ext, _) in enumerate(PRICE_TYPES)
            )  # fmt: skip
            stock = "".join(
                f'<Склад ИдСклада="{ext}" КоличествоНаСкладе="{rng.randint(0, 40)}"/>'
                for ext, _ in WAREHOUSES
            )
            out.write(
                f"<Предложение><Ид>prod-{i:08d}</Ид><Артикул>ART-{i}</Артикул>"
                f"<Наименование>Окно ПВХ модель {i}</Наименование><Цены>{prices}</Цены>{stock}</Предложение>\n"
            )  # fmt: skip
        out.write("</Предложения></ПакетПредложений></КоммерческаяИнформация>\n")
    return [imports, offers]


def iterparse_alone(files: list[Path]) -> float:
    """The reference: read the files with lxml's iterparse, clearing what has been read."""
    started = time.perf_counter()
    for path in files:
        with path.open("rb") as stream:
            for _, element in etree.iterparse(
                stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False
            ):
                if element.getparent() is not None and element.getparent().getparent() is None:
                    continue
                if element.tag.endswith(("}Товар", "}Предложение")):
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
    return time.perf_counter() - started


def timed_import(files):
    started = time.perf_counter()
    report = import_catalog(files)
    return time.perf_counter() - started, report


def measure(count: int) -> tuple[list[tuple], str]:
    """The table's rows (figure, value, reference, ratio, target, ok) and a heading."""
    with tempfile.TemporaryDirectory(prefix="bench_cml_") as tmp:
        folder = Path(tmp)
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
        settings.MEDIA_ROOT = folder / "media"
        files = generate(folder, count)
        size = sum(p.stat().st_size for p in files) / 1024**2
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            reference = iterparse_alone(files)
            first, report = timed_import(files)
            again, second = timed_import(files)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    updated = sum(c["updated"] + c["created"] + c["withdrawn"] for c in second.counts.values())
    rows = [
        ("lxml iterparse alone", f"{reference:.2f} s", "", "", "", ""),
        ("first import", f"{first:.2f} s", f"{reference:.2f} s", f"{first / reference:.2f}×", "≤ 4×", first <= 4 * reference),
        ("re-import", f"{again:.2f} s", f"{reference:.2f} s", f"{again / reference:.2f}×", "≤ 3×", again <= 3 * reference),
        ("rows changed by re-import", str(updated), "", "", "0", updated == 0),
        ("peak RSS", f"{peak_mb:.0f} MB", "", "", "< 256 MB", peak_mb < 256),
    ]  # fmt: skip
    heading = (
        f"CommerceML import, {count} products, {size:.1f} MB of XML, {connection.vendor}; "
        f"first import: {report.counts['products']['created']} products, "
        f"{report.counts['prices']['created']} prices, {report.counts['stock']['created']} stock rows"
    )
    return rows, heading


def rows(count: int = 20_000) -> list[dict]:
    """For ``run_all.py``: the judged rows as dicts (values with their unit)."""
    from report import grouped

    measured, _ = measure(count)
    return [
        {
            "figure": f"CommerceML {grouped(count)}, {connection.vendor}: {figure}",
            "value": value,
            "reference": ref or "—",
            "ratio": ratio or "—",
            "target": target,
            "ok": ok,
        }
        for figure, value, ref, ratio, target, ok in measured
        if ok != ""
    ]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    measured, heading = measure(count)
    print(heading)
    print(f"{'figure':<28}{'value':>12}{'reference':>12}{'ratio':>9}{'target':>11}  result")
    for figure, value, ref, ratio, target, ok in measured:
        verdict = "" if ok == "" else ("pass" if ok else "FAIL")
        print(f"{figure:<28}{value:>12}{ref:>12}{ratio:>9}{target:>11}  {verdict}")


if __name__ == "__main__":
    main()
