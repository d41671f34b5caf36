"""Set-based writes for the big catalog tables, the same statements on SQLite and PostgreSQL.

Rows that differ are *staged* into temporary tables that name their parents by 1C id
(PostgreSQL: COPY; SQLite: ``executemany``); ``merge`` then moves them into the catalog with one
``INSERT … SELECT … ON CONFLICT`` per table, resolving the foreign keys with joins on the
unique ``external_id`` instead of a round trip per batch. PostgreSQL merges once per section
of a file (one statement per table); SQLite after each batch, so its staging tables stay one
batch small in the page cache instead of growing with the file. A PostgreSQL merge that more
than doubles a table (a first import) runs as a bulk load: see ``Sql.bulk_load``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection

IN_CHUNK = 900  # below every SQLite build's host-parameter limit
# A merge of at least this many rows into a table that holds fewer is a bulk load (bulk_load).
BULK_LOAD_ROWS = 10_000
STAGE_PREFIX = "exchange_stage_"


class Sql:
    def __init__(self):
        self.cursor = connection.cursor()
        self.postgres = connection.vendor == "postgresql"
        self.stages: dict[str, int] = {}  # stage → rows waiting in it
        self.fresh = False  # inside a bulk load into empty tables
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

    @contextmanager
    def bulk_load(self, tables: Sequence[str], rows: int) -> Iterator[None]:
        """PostgreSQL, merging ``rows`` into ``tables[0]`` while it holds fewer (a first
        import): take the foreign keys and the plain indexes off ``tables`` for the inserts and
        put the same ones back after. Each key is then checked by one join over its table
        instead of one trigger query per row at commit (~500k for 20k products), each index is
        built by one sort instead of row by row, and into empty tables the inserts skip the ON
        CONFLICT path. Adding the keys back validates every row: the catalog is as consistent as
        ever. The price is an exclusive lock on the tables and their parents until the import
        commits, taken only while the catalog is near empty. On an error the transaction rolls
        back with the tables as they were. Unique indexes stay: the merges need them."""
        emptiness = self.bulk_emptiness(tables, rows)
        if emptiness is None:
            yield
            return
        cursor, quote = self.cursor, connection.ops.quote_name
        # ALTER TABLE refuses tables with checks pending: run them now. Django declares every
        # foreign key DEFERRABLE INITIALLY DEFERRED, so ALL DEFERRED then restores the usual.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) "
            "ORDER BY conrelid, conname",
            [list(tables)],
        )
        keys = cursor.fetchall()  # regclass text comes quoted where it needs to be
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid = ANY(%s::regclass[]) AND indisvalid AND NOT indisunique "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY indexrelid",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        self.fresh = emptiness
        try:
            yield
        finally:
            self.fresh = False
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")

    def bulk_emptiness(self, tables: Sequence[str], rows: int) -> bool | None:
        """None: no bulk load (SQLite, a small merge, a table that already holds as many rows,
        or tables we do not own); else whether ``tables[0]`` is empty."""
        if not self.postgres or rows < BULK_LOAD_ROWS:
            return None
        self.cursor.execute(
            "SELECT bool_and(pg_has_role(relowner, 'USAGE')) FROM pg_class "
            "WHERE oid = ANY(%s::regclass[])",
            [list(tables)],
        )
        if not self.cursor.fetchone()[0]:
            return None
        self.cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {tables[0]} LIMIT %s) t", [rows])  # noqa: S608
        held = self.cursor.fetchone()[0]
        return None if held >= rows else held == 0

    def first_load_indexes_off(self, tables: Sequence[str]) -> list[str]:
        """SQLite, importing into an empty catalog: drop the plain (not unique) indexes of
        ``tables`` and return their CREATE statements for ``indexes_back``: one sort per index
        at the end instead of row-by-row upkeep. SQLite's DDL is transactional and readers keep
        reading the last committed catalog (WAL), so nobody waits for it."""
        if self.postgres:
            return []
        self.cursor.execute("SELECT EXISTS (SELECT 1 FROM catalog_product)")
        if self.cursor.fetchone()[0]:
            return []
        definitions = []
        for table in tables:
            self.cursor.execute(
                "SELECT m.name, m.sql FROM sqlite_master m "
                "JOIN pragma_index_list(%s) i ON i.name = m.name "
                "WHERE m.type = 'index' AND i.origin = 'c' AND NOT i.\"unique\" "
                "AND m.sql IS NOT NULL",
                [table],
            )
            for name, definition in self.cursor.fetchall():
                self.cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                definitions.append(definition)
        return definitions

    def indexes_back(self, definitions: list[str]) -> None:
        for definition in definitions:
            self.cursor.execute(definition)

    def staged(self, stage: str) -> int:
        return self.stages.get(stage, 0)

    def merge(self, stage: str, *statements: str) -> None:
        """Run ``statements`` (reading ``{stage}``) over the staged rows, then empty the stage."""
        if not self.staged(stage):
            return
        table = self.table(stage)
        if self.postgres and not self.fresh:
            # Temporary tables get no autovacuum; into empty tables the plan is plain anyway.
            self.cursor.execute(f"ANALYZE {table}")
        for statement in statements:
            if self.fresh:  # nothing to conflict with: the plain, cheaper insert
                statement = statement.partition(" ON CONFLICT ")[0]
            self.cursor.execute(statement.format(stage=table))
        self.cursor.execute(f"TRUNCATE {table}" if self.postgres else f"DELETE FROM {table}")  # noqa: S608
        self.stages[stage] = 0
