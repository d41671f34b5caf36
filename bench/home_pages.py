"""The home page of every role on the full data set (1,000,000 orders), on PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big .venv/bin/python bench/home_pages.py

Reads the data set that ``bench/dataset.py`` built (it writes nothing but the sessions of the
signed-in people) and, for each role, asks for the home page ROUNDS times after a warm-up:
median, p95 and the number of queries of one request. The people are the bench's own: the
factory's admin, the manager of the big dealer, the big dealer's admin (5 % of all orders), an
ordinary dealer's admin and a sub-dealer of the big dealer, each through the test client
(middleware, session, view, template). The data set has no factory accountant and no dealer
employee or accountant, so those roles are the same people with the role set in memory, their
page asked from the view with a prepared request (no middleware: about a millisecond less).

Target: p95 under 30 ms for every role (the load test wants pages under 200 ms at p95 under
load, and the home page is the first of every visit).
"""

from __future__ import annotations

import copy
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import ROOT, percentile

ROUNDS = 20
TARGET_MS = 30.0


def setup() -> None:
    """Django on the bench database, as ``catalog_data.setup_django`` does, but without
    migrating: this benchmark only reads the data set (``run_all.py`` builds and migrates it
    first). Unapplied migrations are named, since a missing index changes the figures."""
    import os

    url = os.getenv("BENCH_DATABASE_URL") or os.getenv("DATABASE_URL")
    if not url or not url.startswith("postgres"):
        sys.exit("Укажите BENCH_DATABASE_URL (или DATABASE_URL) базы PostgreSQL для замеров.")
    os.environ["DATABASE_URL"] = url
    for name, value in (
        ("DEBUG", "0"),
        ("SECRET_KEY", "bench-only-secret-key"),
        ("SITE_HTTPS", "0"),
        ("STATIC_MANIFEST", "0"),
        ("DJANGO_SETTINGS_MODULE", "config.settings"),
    ):
        os.environ.setdefault(name, value)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending)
        print(f"внимание: не применены миграции {names} — цифры не те, что будут после них")


def people() -> list[tuple[str, object, str | None]]:
    """(label, user, role set in memory or None) for every role of the home page."""
    from orders_data import MARKER

    from portal.accounts.models import User
    from portal.organisations.models import Organisation, OrganisationKind

    factory = Organisation.objects.get(kind=OrganisationKind.FACTORY, name=MARKER)
    dealers = list(
        Organisation.objects.filter(parent=factory, kind=OrganisationKind.DEALER).order_by("pk")
    )
    big, ordinary = dealers[0], dealers[1]
    sub = Organisation.objects.filter(parent=big, kind=OrganisationKind.SUBDEALER).order_by("pk")[0]
    users = User.objects.select_related("organisation").filter(is_active=True).order_by("pk")
    admin = users.get(organisation=factory, role="admin")
    manager = big.manager
    big_admin = users.filter(organisation=big).first()
    return [
        ("завод: администратор", admin, None),
        (f"завод: менеджер ({manager.email})", users.get(pk=manager.pk), None),
        ("завод: бухгалтер", admin, "accountant"),
        ("дилер: администратор, крупный дилер", big_admin, None),
        ("дилер: администратор, обычный дилер", users.filter(organisation=ordinary).first(), None),
        ("дилер: сотрудник, крупный дилер", big_admin, "employee"),
        ("дилер: бухгалтер, крупный дилер", big_admin, "accountant"),
        ("субдилер крупного дилера", users.filter(organisation=sub).first(), None),
    ]


def asker(user, role: str | None):
    """A function asking for the home page as ``user`` (with ``role``, when given)."""
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import Client, RequestFactory

    from portal.organisations.actor import Actor
    from portal.web.views.home import home

    if role is None:
        client = Client()
        client.force_login(user, backend="portal.accounts.backends.EmailBackend")

        def ask():
            response = client.get("/")
            assert response.status_code == 200, response.status_code
            return response

        return ask
    as_role = copy.copy(user)
    as_role.role = role
    factory = RequestFactory()

    def ask_view():
        request = factory.get("/")
        request.user = as_role
        request.session = SessionBase()
        request.actor = Actor(user=as_role, organisation=as_role.organisation, role=role)
        response = home(request)
        assert response.status_code == 200, response.status_code
        return response

    return ask_view


class QueryCounter:
    """Counts queries as they run (the start of a request clears Django's own query log)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(show=None) -> list[tuple[str, float, float, int]]:
    """(role, median ms, p95 ms, queries of one request) for every role; a page that fails
    is reported with NaN times (and the error), the other roles still run."""
    setup()
    from django.db import connection

    result = []
    for label, user, role in people():
        shown = f"{label} (роль подставлена)" if role else label
        ask = asker(user, role)
        try:
            ask()  # warm up: templates, content types, the connection
        except Exception as error:  # a failing role is a row, not the end of the run
            print(f"{shown}: ошибка {type(error).__name__}: {error}", flush=True)
            result.append((shown, math.nan, math.nan, 0))
            continue
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            ask()
        times = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            ask()
            times.append((time.perf_counter() - started) * 1000)
        figures = (shown, statistics.median(times), percentile(times, 0.95), counter.count)
        if show:
            show(*figures)
        result.append(figures)
    return result


def rows() -> list[dict]:
    from report import row

    result = []
    for label, median, p95, queries in measure():
        result.append(row(f"главная, {label}: медиана, мс", median, target="—", ok=None))
        result.append(
            row(
                f"главная, {label}: p95, мс ({queries} запросов)",
                p95,
                target=f"< {TARGET_MS:g}",
                ok=p95 < TARGET_MS,
            )
        )
    return result


def main() -> None:
    width = 58
    print(f"{'роль':<{width}}  {'медиана, мс':>11}  {'p95, мс':>8}  {'запросов':>8}  итог")

    def show(label, median, p95, queries):
        verdict = "да" if p95 < TARGET_MS else "НЕТ"
        print(
            f"{label:<{width}}  {median:>11.1f}  {p95:>8.1f}  {queries:>8}  {verdict}", flush=True
        )

    measure(show)
    print(f"цель: p95 < {TARGET_MS:g} мс для каждой роли, {ROUNDS} запросов после разогрева")


if __name__ == "__main__":
    main()
