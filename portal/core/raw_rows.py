"""Values of a statement written by hand, as the ORM would give them.

A few statements that every page sends are written once per process instead of being built by
the ORM for each request (``accounts.session_user``, ``pricing.amounts``): building and
compiling even a one-table query costs ~0.5 ms of Python on the CI machine, more than the
database's part of it. Their values go through each field's database converters, as the ORM's
own iterator does: SQLite hands datetimes back as text, booleans as integers and decimals as
floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Field, Model


class FieldValues:
    """Converts the values of ``fields``, read in this order from a statement's columns."""

    def __init__(self, fields: Sequence[Field], alias: str | None = None):
        self.converters = []
        for position, field in enumerate(fields):
            column = field.get_col(alias or field.model._meta.db_table)
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                self.converters.append((position, tuple(found), column))

    def __call__(self, values: Sequence) -> list:
        values = list(values)
        for position, converters, column in self.converters:
            for converter in converters:
                values[position] = converter(values[position], column, connection)
        return values


@dataclass(frozen=True)
class ModelColumns:
    """Every concrete field of ``model`` (table alias ``alias``), selected from position
    ``start`` of a statement's row on, and the model made of them as the ORM makes it."""

    model: type[Model]
    alias: str
    start: int
    attnames: tuple[str, ...]  # in the model's order, as ``Model.from_db`` takes them
    pk_position: int
    values: FieldValues

    @classmethod
    def at(cls, model: type[Model], alias: str, start: int) -> ModelColumns:
        fields = model._meta.concrete_fields
        return cls(
            model,
            alias,
            start,
            tuple(field.attname for field in fields),
            fields.index(model._meta.pk),
            FieldValues(fields, alias),
        )

    @property
    def end(self) -> int:
        return self.start + len(self.attnames)

    @property
    def selected(self) -> list[str]:
        quote = connection.ops.quote_name
        return [f"{self.alias}.{quote(field.column)}" for field in self.model._meta.concrete_fields]

    def load(self, row: Sequence) -> Model | None:
        """The model of the row, or None where an outer join found none (no primary key)."""
        values = row[self.start : self.end]
        if values[self.pk_position] is None:
            return None
        return self.model.from_db(DEFAULT_DB_ALIAS, self.attnames, self.values(values))


def column(model: type[Model], name: str) -> str:
    """A field's column, quoted for the database, for statements written by hand."""
    return connection.ops.quote_name(model._meta.get_field(name).column)
