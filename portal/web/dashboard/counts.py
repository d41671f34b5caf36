"""Counts for the home page that cost the same whatever the size of the data.

A figure such as «orders on moderation» may cover tens of thousands of rows at a big factory,
and an exact ``COUNT(*)`` reads every one of them on each page view. ``tallies`` counts each
queryset only up to ``CAP + 1`` rows (``LIMIT`` inside, so the database stops early, reading
an index in order) and answers all of them in one query; above the cap the figure says
«более 1 000», as the order list does.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext

CAP = 1000
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Tally:
    """A count read up to ``cap + 1`` rows: exact up to ``cap``, «более cap» beyond."""

    value: int
    cap: int = CAP

    @property
    def is_capped(self) -> bool:
        return self.value > self.cap

    def __bool__(self) -> bool:
        return self.value > 0

    def __str__(self) -> str:
        if self.is_capped:
            return gettext("более %(count)s") % {
                "count": number_format(self.cap, force_grouping=True)
            }
        return number_format(self.value, force_grouping=True)


def tallies(
    counted: dict[Key, QuerySet], *, cap: int = CAP, ordered: bool = False
) -> dict[Key, Tally]:
    """Each queryset counted up to ``cap + 1`` rows, all in one query (none when empty).

    The querysets come from the access layer (``visible_to``); each becomes
    ``(SELECT COUNT(*) FROM (<its rows> LIMIT cap + 1))``, a column of one SELECT. The rows
    are counted in no order (the database picks the cheapest index), unless ``ordered``: then
    the querysets' own ordering is kept, for a query the database should read in an index's
    order to stop early (billing's «to invoice» list: an anti-join along the confirmations).
    """
    if not counted:
        return {}
    columns, params = [], []
    for queryset in counted.values():
        if not ordered:
            queryset = queryset.order_by()
        rows = queryset.values("pk")[: cap + 1]
        try:
            sql, row_params = rows.query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:  # ``.none()``, ``pk__in=[]``: nothing to count
            columns.append("0")
            continue
        columns.append(f"(SELECT COUNT(*) FROM ({sql}) capped)")  # noqa: S608 — compiled ORM SQL
        params.extend(row_params)
    database = next(iter(counted.values())).db
    with connections[database].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        values = cursor.fetchone()
    return {name: Tally(value, cap) for name, value in zip(counted, values, strict=True)}
