"""Set-based writes for the big catalog tables, the same statements on SQLite and PostgreSQL.

SQLite gets ``executemany`` of ``INSERT … ON CONFLICT DO UPDATE``. PostgreSQL gets COPY: new
rows straight into the table, upserts through a temporary staging table and one
``INSERT … SELECT … ON CONFLICT`` per batch. Callers send only rows that really differ.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

IN_CHUNK = 900  # below every SQLite build's host-parameter limit


class Sql:
    def __init__(self):
        self.cursor = connection.cursor()
        self.postgres = connection.vendor == "postgresql"
        self.staged: set[str] = set()

    def select_in(self, sql: str, values: Sequence) -> list[tuple]:
        """Run ``sql`` (with ``{}`` where the IN list goes) over ``values`` in chunks."""
        rows: list[tuple] = []
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start : start + IN_CHUNK]
            self.cursor.execute(sql.format(", ".join(["%s"] * len(chunk))), chunk)
            rows += self.cursor.fetchall()
        return rows

    def execute_in(self, sql: str, values: Sequence, params: Sequence = ()) -> None:
        for start in range(0, len(values), IN_CHUNK):
            chunk = values[start : start + IN_CHUNK]
            self.cursor.execute(sql.format(", ".join(["%s"] * len(chunk))), [*params, *chunk])

    def insert(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        rows = list(rows)
        if not rows:
            return
        names = ", ".join(columns)
        if self.postgres:
            with self.cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        self.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 — names are ours

    def upsert(
        self,
        table: str,
        columns: Sequence[str],
        conflict: Sequence[str],
        rows: Iterable[Sequence],
        keep: Sequence[str] = (),
    ) -> None:
        """Insert or update by the ``conflict`` key; columns in ``keep`` are set only on insert."""
        rows = list(rows)
        if not rows:
            return
        names = ", ".join(columns)
        updates = ", ".join(
            f"{c} = EXCLUDED.{c}" for c in columns if c not in conflict and c not in keep
        )
        on_conflict = f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {updates}"
        if self.postgres:
            stage = f"exchange_stage_{table}"
            if stage not in self.staged:
                self.cursor.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "  # noqa: S608
                    f"SELECT {names} FROM {table} WITH NO DATA"
                )
                self.staged.add(stage)
            self.cursor.execute(f"TRUNCATE {stage}")
            with self.cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            self.cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} {on_conflict}"  # noqa: S608
            )
            return
        marks = ", ".join(["%s"] * len(columns))
        self.cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks}) {on_conflict}",  # noqa: S608
            rows,
        )
