"""``column IN (a long list)`` with the list sent as one parameter.

Django's ``__in`` spells every value as a placeholder of its own: ten thousand values cost
seconds in the ORM and the driver before the query reaches the database.
``.filter(Among("pk", ids))`` sends the list as one text parameter instead. On PostgreSQL
numbers go as an array literal (``= ANY('{1,2}'::bigint[])``: the planner counts its elements
and picks its joins by it) and texts as a JSON array unpacked into a set (an array of thousands
of texts costs the planner more than the query itself); SQLite reads JSON with ``json_each``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db.models import BooleanField, F, Func


class Among(Func):
    output_field = BooleanField()

    def __init__(self, field: str, values: Iterable[str | int]):
        super().__init__(F(field))
        self.values = list(values)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        if not self.values:
            return "1 = 0", ()
        sql, values = among(column, self.values, connection.vendor)
        return sql, (*params, *values)


def among(column: str, values: list[str | int], vendor: str) -> tuple[str, tuple]:
    """``Among``'s condition on a column already written as SQL (for statements written by
    hand, ``core.raw_rows``)."""
    if not values:
        return "1 = 0", ()
    if vendor != "postgresql":
        return f"{column} IN (SELECT value FROM json_each(%s))", (_json(values),)  # noqa: S608 — a compiled column
    if all(isinstance(value, int) for value in values):
        numbers = "{" + ",".join(str(int(value)) for value in values) + "}"
        return f"{column} = ANY(%s::bigint[])", (numbers,)
    texts = "SELECT jsonb_array_elements_text(%s::jsonb)"
    return f"{column} IN ({texts})", (_json(values),)


def _json(values: list[str | int]) -> str:
    return json.dumps(values, ensure_ascii=False)
