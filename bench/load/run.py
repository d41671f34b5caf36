"""The load test: Locust (headless) against gunicorn with production settings and PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big .venv/bin/python bench/load/run.py

Prepares the plan (``plan.py``), starts gunicorn on 127.0.0.1, runs ``locustfile.py`` through
its two stages (50 users for 10 minutes, then 100 for 5: BENCH_LOAD_USERS1/2,
BENCH_LOAD_SECONDS1/2), samples the workers' resident memory every few seconds, stops
gunicorn and prints pass/fail: no failed request, p95 of pages < 200 ms, p95 of submitting an
order < 500 ms, workers' memory growing < 10 % from minute 2 to the end. It talks only to
127.0.0.1 and ends by itself (Locust is killed if it outlives its stages by two minutes).

gunicorn: BENCH_LOAD_WORKERS (default 2 × cores + 1) gthread workers with
BENCH_LOAD_THREADS threads (default 2). Locust needs ``requirements-bench.txt``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import percentile, setup_django
from report import grouped, print_table, row
from server import (
    HOST,
    collectstatic,
    gunicorn,
    production_env,
    rss_mb,
    task_worker,
    worker_pids,
)

HERE = Path(__file__).resolve().parent
PORT = int(os.getenv("BENCH_LOAD_PORT", "8732"))
CORES = os.cpu_count() or 2
WORKERS = int(os.getenv("BENCH_LOAD_WORKERS", str(2 * CORES + 1)))
THREADS = int(os.getenv("BENCH_LOAD_THREADS", "2"))
SECONDS = int(os.getenv("BENCH_LOAD_SECONDS1", "600")) + int(
    os.getenv("BENCH_LOAD_SECONDS2", "300")
)
MEMORY_FROM = float(os.getenv("BENCH_LOAD_MEMORY_FROM", "120"))  # seconds: "minute 2"
SAMPLE_EVERY = 5.0
TARGETS = {"page": 200.0, "submit": 500.0}


def measure() -> dict:
    """Run the whole test; the raw results: times by request name, failures, memory samples."""
    setup_django()
    import plan
    from django.db import connection

    env = production_env(os.environ["DATABASE_URL"])
    collectstatic(env)
    folder = Path(tempfile.mkdtemp(prefix="bench_load_"))
    (folder / "plan.json").write_text(json.dumps(plan.build()), encoding="utf-8")
    connection.close()
    log = folder / "gunicorn.log"
    print(f"нагрузка: {SECONDS} с, gunicorn gthread {WORKERS}×{THREADS}, журналы в {folder}")
    setup = dict(port=PORT, workers=WORKERS, worker_class="gthread", threads=THREADS, log=log)
    setup["keep_alive"] = 75  # longer than any pause of a simulated person
    with task_worker(env, log=folder / "db_worker.log") as env, gunicorn(env, **setup) as master:
        locust_env = dict(
            os.environ,
            BENCH_LOAD_PLAN=str(folder / "plan.json"),
            BENCH_LOAD_RESULT=str(folder / "result.json"),
        )
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--host",
            f"http://{HOST}:{PORT}",
            "--only-summary",
            "--csv",
            str(folder / "locust"),
        ]
        started = time.monotonic()
        locust = subprocess.Popen(command, env=locust_env)
        samples = []
        with (folder / "memory.csv").open("w", encoding="utf-8") as memory:
            memory.write("seconds,worker,rss_mb\n")  # each worker apart: who grew, and when
            while locust.poll() is None:
                elapsed = time.monotonic() - started
                if elapsed > SECONDS + 120:
                    locust.kill()
                    sys.exit("Locust не остановился сам: прерван")
                sizes = {pid: rss_mb(pid) for pid in worker_pids(master.pid)}
                samples.append((elapsed, sum(sizes.values()), len(sizes)))
                memory.writelines(f"{elapsed:.0f},{pid},{mb:.1f}\n" for pid, mb in sizes.items())
                time.sleep(SAMPLE_EVERY)
    result = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    result["memory"] = samples
    result["seconds"] = time.monotonic() - started
    return result


def rows() -> list[dict]:
    result = measure()
    details(result)
    times, failures = result["times"], result["failures"]
    by_group: dict[str, list[float]] = {}
    for name, values in times.items():
        by_group.setdefault(name.split(":")[0], []).extend(values)
    total = sum(len(v) for v in times.values())
    failed = sum(failures.values())
    table = [
        row(
            f"нагрузка: запросов с ошибкой (из {grouped(total)}, {total / result['seconds']:.1f}/с)",
            failed,
            target="0",
            ok=failed == 0,
            digits=0,
        )
    ]
    for group, values in sorted(by_group.items()):
        p95 = percentile(values, 0.95)
        target = TARGETS.get(group)
        table.append(
            row(
                f"нагрузка: {group}, p95, мс ({grouped(len(values))} запросов)",
                p95,
                target=f"< {target:.0f}" if target else "—",
                ok=p95 < target if target else None,
                digits=0,
            )
        )
    table.append(memory_row(result["memory"]))
    return table


def memory_row(samples: list) -> dict:
    after = [(t, mb) for t, mb, workers in samples if t >= MEMORY_FROM and workers]
    if len(after) < 2:
        return row("нагрузка: рост памяти воркеров, %", 0, target="< 10", ok=None)
    first, last = after[0][1], after[-1][1]
    return row(
        f"нагрузка: рост памяти воркеров с {MEMORY_FROM:.0f}-й секунды, % "
        f"({first:.0f} → {last:.0f} МБ)",
        (last - first) / first * 100,
        target="< 10",
        ok=last < first * 1.1,
    )


def details(result: dict) -> None:
    """Per request name: count, failures, p50, p95 (printed before the verdict)."""
    for name, values in sorted(result["times"].items()):
        print(
            f"  {name:<48} {len(values):>7} зап., ошибок {result['failures'].get(name, 0):>4}, "
            f"p50 {percentile(values, 0.5):>7.0f} мс, p95 {percentile(values, 0.95):>7.0f} мс"
        )


def main() -> None:
    print_table(rows())


if __name__ == "__main__":
    main()
