"""The framework floor: how many requests a second the full stack answers for a view that does
nothing (``/healthz``), on production settings (gunicorn, persistent connections, every
middleware), against a bare WSGI app under the same gunicorn settings as the reference.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big .venv/bin/python bench/floor.py

Target: at least 1,500 requests/s. The load comes from ``wrk`` (Debian package ``wrk``) with
keep-alive connections, or from a small Python generator when wrk is missing (it costs the
server more CPU on this 2-core machine, so the figure is then lower; BENCH_FLOOR_TOOL=python
picks it on purpose). Several gunicorn set-ups
are tried; the best one is the figure. BENCH_FLOOR_SECONDS sets each measurement's length.
"""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import grouped, print_table, row
from server import HOST, gunicorn, production_env

TARGET = 1500.0
SECONDS = float(os.getenv("BENCH_FLOOR_SECONDS", "10"))
CONNECTIONS = int(os.getenv("BENCH_FLOOR_CONNECTIONS", "32"))
PORT = int(os.getenv("BENCH_FLOOR_PORT", "8731"))
CORES = os.cpu_count() or 2
# (title, gunicorn worker class, workers, threads)
SETUPS = [
    ("sync", "sync", 2 * CORES + 1, 1),
    ("gthread", "gthread", CORES, 4),
    ("gthread", "gthread", 2 * CORES + 1, 2),
]


def rows() -> list[dict]:
    """One row per gunicorn set-up, against the bare WSGI app under the same set-up."""
    url = os.getenv("BENCH_DATABASE_URL") or os.getenv("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        sys.exit("Укажите BENCH_DATABASE_URL базы PostgreSQL.")
    env = production_env(url)
    tool = os.getenv("BENCH_FLOOR_TOOL") or ("wrk" if shutil.which("wrk") else "python")
    measured = []
    for title, worker_class, workers, threads in SETUPS:
        setup = dict(env=env, port=PORT, workers=workers, worker_class=worker_class)
        setup["threads"] = threads
        with gunicorn(**setup, app="floor_app:application", probe="/"):
            reference = load(f"http://{HOST}:{PORT}/", tool)
        with gunicorn(**setup):
            figure = load(f"http://{HOST}:{PORT}/healthz", tool)
        measured.append((f"{title} {workers}×{threads}", figure, reference))
    best = max(figure for _, figure, _ in measured)
    return [
        row(
            f"нижняя граница /healthz, {setup}{' (лучшая)' if figure == best else ''}, "
            f"запросов/с ({tool})",
            figure,
            reference=reference,
            target=f"≥ {grouped(TARGET)}" if figure == best else "—",
            ok=figure >= TARGET if figure == best else None,  # the best set-up is judged
            digits=0,
        )
        for setup, figure, reference in measured
    ]


def load(url: str, tool: str) -> float:
    """Requests per second over SECONDS, after a one-second warm-up."""
    if tool == "wrk":
        wrk(url, 1)
        return wrk(url, SECONDS)
    return python_load(url, 1) and python_load(url, SECONDS)


def wrk(url: str, seconds: float) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        sys.exit(f"wrk: {errors.group(1)} ответов с ошибкой от {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def python_load(url: str, seconds: float) -> float:
    """Keep-alive GETs from two processes (one per core) for ``seconds``."""
    with multiprocessing.Pool(CORES) as pool:
        counts = pool.starmap(_hammer, [(url, seconds)] * CORES)
    return sum(counts) / seconds


def _hammer(url: str, seconds: float) -> int:
    path = url.split(str(PORT), 1)[1]
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        done += 1
    return done


def main() -> None:
    print_table(rows())


if __name__ == "__main__":
    main()
