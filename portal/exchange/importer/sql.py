"""Set-based writes for the big catalog tables, the same statements on SQLite and PostgreSQL.

Rows that differ are *staged* into temporary tables that name their parents by 1C id
(PostgreSQL: COPY; SQLite: ``executemany``); ``merge`` then moves them into the catalog with one
``INSERT … SELECT … ON CONFLICT`` per table, resolving the foreign keys with joins on the
unique ``external_id`` instead of a round trip per batch. PostgreSQL merges once per section
of a file (one statement per table); SQLite after each batch, so its staging tables stay one
batch small in the page cache instead of growing with the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection

IN_CHUNK = 900  # below every SQLite build's host-parameter limit
STAGE_PREFIX = "exchange_stage_"


class Sql:
    def __init__(self):
        self.cursor = connection.cursor()
        self.postgres = connection.vendor == "postgresql"
        self.stages: dict[str, int] = {}  # stage → rows waiting in it
        if not self.postgres:
            # The indexes of a 100 000-product catalog outgrow the 2 MB default page cache.
            self.cache_size = self.pragma("cache_size")
            self.cursor.execute("PRAGMA cache_size = -65536")

    def pragma(self, name: str):
        self.cursor.execute(f"PRAGMA {name}")
        return self.cursor.fetchone()[0]

    def drop_stages(self) -> None:
        """PostgreSQL drops the staging tables at commit; SQLite keeps them per connection."""
        if not self.postgres:
            for stage in self.stages:
                self.cursor.execute(f"DROP TABLE IF EXISTS {self.table(stage)}")

    def restore(self) -> None:
        if not self.postgres:
            self.cursor.execute(f"PRAGMA cache_size = {int(self.cache_size)}")

    def table(self, stage: str) -> str:
        return ("pg_temp." if self.postgres else "temp.") + STAGE_PREFIX + stage

    def execute(self, sql: str, params: Sequence = ()) -> None:
        self.cursor.execute(sql, params)

    def select_in(self, sql: str, values: Sequence) -> list[tuple]:
        """Run ``sql`` (with ``IN ({})`` where the list goes) over ``values``: in chunks on
        SQLite, as one array parameter on PostgreSQL (one plan instead of one per chunk)."""
        if self.postgres:
            if not values:
                return []
            self.cursor.execute(sql.replace("IN ({})", "= ANY(%s)"), [list(values)])
            return self.cursor.fetchall()
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

    def stage(self, stage: str, shape: str, rows: list[Sequence]) -> None:
        """Append ``rows`` to the staging table ``stage``, created on first use as ``shape``
        (a SELECT whose columns give the names and types)."""
        if not rows:
            return
        table = self.table(stage)
        if stage not in self.stages:
            drop = "ON COMMIT DROP " if self.postgres else ""
            self.cursor.execute(f"DROP TABLE IF EXISTS {table}")
            self.cursor.execute(f"CREATE TEMP TABLE {STAGE_PREFIX}{stage} {drop}AS {shape} LIMIT 0")
            self.stages[stage] = 0
        if self.postgres:
            with self.cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            self.cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
        self.stages[stage] += len(rows)

    def staged(self, stage: str) -> int:
        return self.stages.get(stage, 0)

    def merge(self, stage: str, *statements: str) -> None:
        """Run ``statements`` (reading ``{stage}``) over the staged rows, then empty the stage."""
        if not self.staged(stage):
            return
        table = self.table(stage)
        if self.postgres:
            self.cursor.execute(f"ANALYZE {table}")  # temporary tables get no autovacuum
        for statement in statements:
            self.cursor.execute(statement.format(stage=table))
        self.cursor.execute(f"TRUNCATE {table}" if self.postgres else f"DELETE FROM {table}")  # noqa: S608
        self.stages[stage] = 0
