"""The two reads behind every priced list, written once per process (``core.raw_rows``): the
factory's amounts of some offers in one price type, and a dealer's fixed prices of some offers
for its sub-dealers. Through the ORM they cost a catalog page ~1.4 ms of Python on the CI
machine for ~0.5 ms in the database.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from django.db import connection

from portal.catalog.models import Price
from portal.core.raw_rows import FieldValues, column
from portal.core.sql import among

from .models import SubdealerFixedPrice


def list_amounts(offer_ids: list[int], price_type_id: int) -> dict[int, Decimal]:
    """``{offer id: amount}`` of the offers priced in the type."""
    rows = _rows(Price, ("offer", "amount"), "price_type", offer_ids, price_type_id)
    return dict(rows)


def fixed_amounts(offer_ids: list[int], dealer_id: int) -> list[tuple[int, int | None, Decimal]]:
    """``(offer id, sub-dealer id or None for all of them, amount)`` the dealer fixed."""
    fields = ("offer", "subdealer", "amount")
    return _rows(SubdealerFixedPrice, fields, "dealer", offer_ids, dealer_id)


def _rows(model, fields: tuple[str, ...], key: str, offer_ids: list[int], key_value: int) -> list:
    if not offer_ids:
        return []
    select, offer_column, values = _statement(model, fields, key)
    condition, params = among(offer_column, offer_ids, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(select.format(condition=condition), [*params, key_value])
        return [tuple(values(row)) for row in cursor.fetchall()]


@cache
def _statement(model, fields: tuple[str, ...], key: str) -> tuple[str, str, FieldValues]:
    columns = ", ".join(column(model, name) for name in fields)
    select = (
        f"SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608 — names are ours
        f" WHERE {{condition}} AND {column(model, key)} = %s"
    )
    chosen = [model._meta.get_field(name) for name in fields]
    return select, column(model, "offer"), FieldValues(chosen)
