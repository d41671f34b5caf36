"""What a request stored: the rows it created or changed, in a form two runs can compare.

``snapshot()`` reads every row of the portal's data apps; ``stored(before, after)`` is, per
model, the sorted list of new or changed rows with what differs between two equivalent runs
left out: timestamps, secrets (token hashes), and ids of rows the run itself created (a
PostgreSQL sequence does not roll back, so the second run's new rows get other ids).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

APPS = ("accounts", "organisations", "catalog", "pricing", "orders", "billing")
SECRET = ("password", "token", "hash", "key", "last_login")


def _models():
    for label in APPS:
        yield from apps.get_app_config(label).get_models()


def snapshot() -> dict[str, dict]:
    return {
        model._meta.label: {row["id"]: row for row in model.objects.values()}
        for model in _models()
        if model._meta.pk.name == "id"
    }


def stored(before: dict[str, dict], after: dict[str, dict], *, base=None) -> dict[str, list]:
    """Rows new or changed since ``before``; ids of rows new since ``base`` (the state before
    the run's own setup, ``before`` by default) are shown as ``"<new>"``."""
    base = base or before
    new_ids = {label: set(rows) - set(base[label]) for label, rows in after.items()}
    result = {}
    for model in _models():
        label = model._meta.label
        if label not in after:
            continue
        rows = [
            _normalised(model, row, new_ids)
            for pk, row in after[label].items()
            if before[label].get(pk) != row
        ]
        if rows:
            result[label] = sorted(rows, key=repr)
    return result


def _normalised(model, row: dict, new_ids: dict[str, set]) -> dict:
    out = {}
    for field in model._meta.concrete_fields:
        name = field.attname
        if name == "id" or isinstance(field, models.DateTimeField):
            continue
        if any(part in name for part in SECRET):
            continue
        value = row[name]
        if field.is_relation and value is not None:
            target = field.related_model._meta.label
            if value in new_ids.get(target, ()):
                value = "<new>"
        elif isinstance(field, models.JSONField):
            value = _json(value, new_ids)
        out[name] = value
    return out


def _json(value, new_ids: dict[str, set], key: str = ""):
    """Ids inside a JSON value that point at new rows, found by the key that names the model
    (an event's ``{"comment": 12}`` → the new ``orders.OrderComment`` 12)."""
    if isinstance(value, dict):
        return {name: _json(item, new_ids, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_json(item, new_ids, key) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and key:
        for label, ids in new_ids.items():
            if label.lower().endswith(key.lower()) and value in ids:
                return "<new>"
    return value
