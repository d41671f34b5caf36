"""Every benchmark in one run, on one data set, and one table at the end (``make bench``).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big .venv/bin/python bench/run_all.py [NAME ...]

Builds the data set first (``dataset.py``: reused when it is complete), then runs each
benchmark in its own process (its own peak memory, its own Django state) and collects its rows:
figure, value, the reference measured in the same run, their ratio, the target, pass/fail.
NAME picks benchmarks (default: all but ``load``); ``BENCH_LOAD=1`` adds the 15-minute load
test. A benchmark that crashes is a failed row, and the others still run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import print_table

HERE = Path(__file__).resolve().parent

PRODUCTS = int(os.getenv("BENCH_PRODUCTS", "100000"))  # as dataset.py builds them
ORDERS = int(os.getenv("BENCH_ORDERS", "1000000"))
# name: (module, arguments of its rows())
BENCHMARKS = {
    "floor": ("floor", []),
    "catalog": ("catalog_search", [PRODUCTS]),
    "price_list": ("price_list", [min(PRODUCTS, 20_000)]),
    "orders": ("orders_list", [ORDERS]),
    "home": ("home_pages", []),
    "excel": ("excel_import", [10_000]),
    "import": ("import_catalog", [int(os.getenv("BENCH_IMPORT_PRODUCTS", "20000"))]),
    "import_sqlite": ("import_catalog", [int(os.getenv("BENCH_IMPORT_PRODUCTS", "20000"))]),
    "load": ("load.run", []),
}


def run_one(name: str, output: Path) -> None:
    """In the child process: import the benchmark, call its rows(), write them as JSON."""
    import importlib

    module, arguments = BENCHMARKS[name]
    rows = importlib.import_module(module).rows(*arguments)
    output.write_text(json.dumps(rows, ensure_ascii=False))


def run(name: str) -> list[dict]:
    print(f"\n=== {name} ===", flush=True)
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        process = subprocess.run(
            [sys.executable, str(HERE / "run_all.py"), "--one", name, output.name],
            check=False,
            env=os.environ | {"BENCH_IMPORT_SQLITE": "1" if name == "import_sqlite" else ""},
        )
        text = Path(output.name).read_text()
    print(f"=== {name}: {time.perf_counter() - started:.0f} с ===", flush=True)
    if process.returncode or not text:
        failed = f"{name}: завершился с кодом {process.returncode}"
        return [dict(figure=failed, value="—", reference="—", ratio="—", target="—", ok=False)]
    return json.loads(text)


def create_database() -> None:
    """The benchmarks' own database, created empty when missing (migrations come next)."""
    import psycopg
    from psycopg import sql

    url = os.getenv("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Укажите BENCH_DATABASE_URL базы PostgreSQL для замеров.")
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"создана база {name}")


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        run_one(sys.argv[2], Path(sys.argv[3]))
        return
    names = sys.argv[1:] or [n for n in BENCHMARKS if n != "load"]
    if os.getenv("BENCH_LOAD") == "1" and "load" not in names:
        names.append("load")
    unknown = set(names) - set(BENCHMARKS)
    if unknown:
        sys.exit(f"Нет таких замеров: {', '.join(sorted(unknown))}; есть: {', '.join(BENCHMARKS)}")
    create_database()
    print("=== набор данных ===", flush=True)
    subprocess.run([sys.executable, str(HERE / "dataset.py")], check=True)
    rows = []
    for name in names:
        rows += run(name)
    print()
    load = Path("/proc/loadavg").read_text().split()[:3]
    print_table(rows, title=f"\nИтог (средняя загрузка машины: {' '.join(load)})")


if __name__ == "__main__":
    main()
