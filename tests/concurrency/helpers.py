"""What the concurrency tests share: the PostgreSQL-only mark, threads that start together on
their own connections, and a snapshot of every portal table."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections, models

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and real concurrency need PostgreSQL (run with DATABASE_URL=postgres://…)",
)

# Tables left out of the snapshot, and why: they record each attempt, not the state the
# attempt produced, so a replay legitimately adds a row to them.
EXCLUDED_TABLES = {
    "audit_auditevent": "the audit log keeps one row per call, also for a call that changed nothing",
    "exchange_importrun": "the catalog import history: every replay is a run of its own",
}
DURING_RUN = "<written during the run>"
# Primary keys kept inside JSON columns: (table, column) → {key: model label}. They are ranked
# like foreign keys when two copies are compared.
JSON_REFERENCES = {
    ("orders_orderevent", "data"): {
        "comment": "orders.OrderComment",
        "copied_from": "orders.Order",
    },
}
# Materialised paths of primary keys ("/1/7/42/"): (table, column) → model label.
PATH_REFERENCES = {("catalog_productgroup", "path"): "catalog.ProductGroup"}


@dataclass(frozen=True)
class Outcome:
    result: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_together(calls: list[Callable[[], Any]]) -> list[Outcome]:
    """Run every call in its own thread with its own database connection; a barrier makes them
    start at the same moment. Returns each call's result or exception, in order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Outcome:
        try:
            barrier.wait(timeout=60)
            return Outcome(result=call())
        except Exception as error:
            return Outcome(error=error)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def portal_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if apps.get_app_config(model._meta.app_label).name.startswith("portal.")
        and model._meta.db_table not in EXCLUDED_TABLES
        and not model._meta.proxy
        and model._meta.managed
    ]


def _auto_pk(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField)


def snapshot(*, since: datetime.datetime | None = None) -> dict[str, list[tuple]]:
    """Every row of every portal table (but ``EXCLUDED_TABLES``), every column.

    Exact by default. With ``since`` (a run from another copy of the same data is compared):
    generated primary keys, and the foreign keys to them, become the row's rank in its table
    (a rolled-back attempt may consume sequence values without leaving a row), and a date-time
    at or after ``since`` becomes ``DURING_RUN`` (it records when the run happened, which
    differs between the copies; rows from before the run keep their exact values).
    """
    chosen = portal_models()
    ranks: dict[type, dict] = {}
    if since is not None:
        for model in chosen:
            if _auto_pk(model):
                pks = model._base_manager.order_by("pk").values_list("pk", flat=True)
                ranks[model] = {pk: rank for rank, pk in enumerate(pks, start=1)}

    def value(field: models.Field, raw):
        if since is None or raw is None:
            return raw
        if field.primary_key and not field.is_relation and field.model in ranks:
            return ("rank", ranks[field.model][raw])
        if field.is_relation and field.related_model in ranks:
            return ("rank", ranks[field.related_model].get(raw, ("missing", raw)))
        if isinstance(raw, datetime.datetime) and raw >= since:
            return DURING_RUN
        column = (field.model._meta.db_table, field.attname)
        if column in PATH_REFERENCES and isinstance(raw, str):
            label = PATH_REFERENCES[column]
            return tuple(_ranked(ranks, label, int(pk)) for pk in raw.strip("/").split("/") if pk)
        references = JSON_REFERENCES.get(column)
        if references and isinstance(raw, dict):
            return {key: _ranked(ranks, references.get(key), item) for key, item in raw.items()}
        return raw

    tables = {}
    for model in chosen:
        fields = model._meta.concrete_fields
        rows = model._base_manager.order_by("pk").values_list(*(f.attname for f in fields))
        tables[model._meta.db_table] = [
            tuple(value(f, raw) for f, raw in zip(fields, row, strict=True)) for row in rows
        ]
    return tables


def _ranked(ranks: dict, label: str | None, raw):
    if label is None or not isinstance(raw, int):
        return raw
    return ("rank", ranks[apps.get_model(label)].get(raw, ("missing", raw)))


def differences(before: dict[str, list], after: dict[str, list]) -> dict[str, dict]:
    """Per table that differs: the rows only before and the rows only after (for messages)."""
    found = {}
    for table in sorted(before.keys() | after.keys()):
        old, new = before.get(table, []), after.get(table, [])
        if old != new:
            found[table] = {
                "only_before": [row for row in old if row not in new][:5],
                "only_after": [row for row in new if row not in old][:5],
                "counts": (len(old), len(new)),
            }
    return found
