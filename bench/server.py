"""gunicorn with production settings on 127.0.0.1, for the framework floor and the load test.

Production settings: ``DEBUG=0``, persistent database connections (``DB_CONN_MAX_AGE``), the
full middleware stack, static files collected and served by WhiteNoise from a manifest. Only
``SITE_HTTPS=0`` differs (plain HTTP on the loopback, no TLS proxy in front) and e-mail goes
to the dummy backend, so nothing leaves the machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
STATIC_ROOT = Path(os.getenv("BENCH_STATIC_ROOT", ROOT / "var" / "bench-static"))


def production_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        SITE_HTTPS="0",
        STATIC_MANIFEST="1",
        STATIC_ROOT=str(STATIC_ROOT),
        DB_CONN_MAX_AGE=os.getenv("DB_CONN_MAX_AGE", "600"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    # Production shares one cache between the workers (check --deploy asks for it).
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
    env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
    env.pop("BENCH_FLOOR", None)
    return env


def collectstatic(env: dict) -> None:
    """Once per machine: the manifest storage needs the collected files to render pages."""
    if (STATIC_ROOT / "staticfiles.json").exists():
        return
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


@contextmanager
def gunicorn(
    env: dict,
    *,
    port: int,
    workers: int,
    worker_class: str = "sync",
    threads: int = 1,
    app: str = "config.wsgi",
    log: Path | None = None,
    probe: str = "/healthz",
    keep_alive: int = 5,
):
    """Run gunicorn until the block ends; yields the master's Popen. ``keep_alive`` must
    outlast the clients' pauses, as a reverse proxy's idle timeout does in production: a
    connection closed by the server while the client sends on it fails the request."""
    command = [
        str(BIN / "gunicorn"),
        app,
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--keep-alive",
        str(keep_alive),
        "--graceful-timeout",
        "10",
        "--timeout",
        "60",
        "--chdir",
        str(ROOT),
        "--pythonpath",
        str(ROOT / "bench"),
    ]
    output = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdout=output, stderr=output)
    try:
        wait_ready(f"http://{HOST}:{port}{probe}", process)
        yield process
    finally:
        stop(process, output if log else None)


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn завершился с кодом {process.returncode} при запуске")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn не ответил на {url} за {timeout:.0f} с")


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn workers: the master's children, from /proc."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@contextmanager
def task_worker(env: dict, *, log: Path | None = None):
    """Background jobs as production runs them: the database backend and one
    ``manage.py db_worker`` beside gunicorn (price lists and e-mails are built there, not in a
    web worker), until the block ends."""
    env = env | {"TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    output = log.open("ab") if log else subprocess.DEVNULL
    command = [str(BIN / "python"), "manage.py", "db_worker", "--no-reload", "--queue-name", "*"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
    try:
        yield env
    finally:
        stop(process, output if log else None)


def stop(process: subprocess.Popen, log_file=None) -> None:
    """SIGTERM, 30 s to finish what it does, then SIGKILL; the log file closed after."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if log_file is not None:
        log_file.close()
