"""Set-based writes for the big catalog tables, the same statements on SQLite and PostgreSQL.

Rows that differ are *staged* into temporary tables that name their parents by 1C id
(PostgreSQL: COPY; SQLite: ``executemany``); ``merge`` then moves them into the catalog with one
``INSERT … SELECT … ON CONFLICT`` per table, resolving the foreign keys with joins on the
unique ``external_id`` instead of a round trip per batch. PostgreSQL merges once per section
of a file (one statement per table); SQLite after each batch, so its staging tables stay one
batch small in the page cache instead of growing with the file. A PostgreSQL merge that more
than doubles a table runs as a bulk load: see ``Sql.bulk_load``.

A first import into an empty catalog skips all that: new rows go straight into the catalog
tables (COPY; SQLite: one statement over the batch as JSON) under primary keys taken up front,
with the plain indexes (PostgreSQL: and the foreign keys) off until the end: see
``Sql.first_load``. The product tables' come back while the offers are read, on a second
thread, which on SQLite also runs the inserts: see ``lane.py``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from django.db import DEFAULT_DB_ALIAS, connection, connections

from .lane import Lane

IN_CHUNK = 900  # below every SQLite build's host-parameter limit
# A merge of at least this many rows into a table that holds fewer is a bulk load (bulk_load).
BULK_LOAD_ROWS = 10_000
STAGE_PREFIX = "exchange_stage_"


class Sql:
    def __init__(self):
        self.db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, for the lane's thread too
        self.lane = Lane(self.db)
        self._cursor = self.db.cursor()
        self.postgres = connection.vendor == "postgresql"
        self.stages: dict[str, int] = {}  # stage → rows waiting in it
        self.fresh = False  # inside a bulk load into empty tables
        self.first = False  # a first import into an empty catalog: see first_load
        self.taken: tuple[list, list] | None = None  # keys and indexes first_load took off
        self.indexes: list[tuple[str, str]] = []  # SQLite: (table, index) first_load took off
        self.next_ids: dict[str, int] = {}  # SQLite, a first import: table → its next new id
        if not self.postgres:
            # The indexes of a 100 000-product catalog outgrow the 2 MB default page cache. Not
            # more than 32 MB: an index built on the lane sorts in as much again, and 64 MB
            # was no faster (measured: bench/import_catalog.py, peak RSS 242 MB against 199).
            self.cache_size = self.pragma("cache_size")
            self.cursor.execute("PRAGMA cache_size = -32768")

    @property
    def cursor(self):
        """The import's cursor; outside the lane's thread only once the lane's work is done."""
        self.lane.drain()
        return self._cursor

    def send(self, job: Callable[[], None]) -> None:
        """Run ``job`` (writes nobody reads before the next drain) on the lane while it runs
        (``put_back``), else now."""
        if self.lane.running:
            self.lane.submit(job)
        else:
            job()

    def drain(self) -> None:
        self.lane.drain()

    def settle(self) -> None:
        """Wait for the lane's work, then stop it: what follows runs on this thread."""
        self.lane.drain()
        self.lane.close()

    def pragma(self, name: str):
        self.cursor.execute(f"PRAGMA {name}")
        return self.cursor.fetchone()[0]

    def drop_stages(self) -> None:
        """PostgreSQL drops the staging tables at commit; SQLite keeps them per connection."""
        if not self.postgres:
            for stage in self.stages:
                self.cursor.execute(f"DROP TABLE IF EXISTS {self.table(stage)}")

    def restore(self) -> None:
        """At the end, also after an error: the lane stopped (its queued work dropped), the
        page cache as it was."""
        self.lane.close()
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
        # One statement over the rows as a JSON array rather than ``executemany``: SQLite
        # inserts them without taking Python's GIL row by row, so on the lane the inserts run
        # while the main thread parses on. Values arrive as ``executemany`` would bind them
        # (Decimal as its text, True as 1), and the columns' affinity converts them alike.
        picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
        self.cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {picks} FROM json_each(%s)",  # noqa: S608 — names are ours
            [json.dumps(rows, default=str, ensure_ascii=False)],
        )

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
        """PostgreSQL, merging ``rows`` into ``tables[0]`` while it holds fewer (a large
        delivery into a small catalog): take the foreign keys and the plain indexes off
        ``tables`` for the inserts and put the same ones back after (see ``keys_off``); into an
        empty table the inserts skip the ON CONFLICT path. A first import into an empty catalog
        has taken them off for the whole import already (``first_load``)."""
        emptiness = None if self.first else self.bulk_emptiness(tables, rows)
        if emptiness is None:
            yield
            return
        taken = self.keys_off(tables)
        self.fresh = emptiness
        try:
            yield
        finally:
            self.fresh = False
        self.keys_back(taken)

    def keys_off(self, tables: Sequence[str]) -> tuple[list, list]:
        """PostgreSQL: drop the foreign keys and the plain indexes of ``tables``; return what
        ``keys_back`` needs to put the same ones back. Each key is then checked by one join
        over its table instead of one trigger query per row at commit (~500k for 20k
        products), each index is built by one sort instead of row by row. Adding the keys back
        validates every row: the catalog is as consistent as ever. The price is an exclusive
        lock on the tables and their parents until the import commits, taken only while the
        catalog is (near) empty. On an error the transaction rolls back with the tables as they
        were. Unique indexes stay: they keep 1C ids unique and the merges need them."""
        cursor, quote = self.cursor, self.db.ops.quote_name
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
            "SELECT indrelid::regclass::text, indexrelid::regclass::text, "
            "pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid = ANY(%s::regclass[]) AND indisvalid AND NOT indisunique "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY indexrelid",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        for _, name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        return keys, indexes

    def keys_back(self, taken: tuple[list, list]) -> None:
        for statement in self.rebuilding(taken):
            self.cursor.execute(statement)

    def rebuilding(self, taken: tuple[list, list]) -> list[str]:
        """The statements that put back what ``keys_off`` took: the indexes, then the keys."""
        keys, indexes = taken
        quote = self.db.ops.quote_name
        return [definition for _, _, definition in indexes] + [
            f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}"
            for table, name, definition in keys
        ]

    def bulk_emptiness(self, tables: Sequence[str], rows: int) -> bool | None:
        """None: no bulk load (SQLite, a small merge, a table that already holds as many rows,
        or tables we do not own); else whether ``tables[0]`` is empty."""
        if not self.postgres or rows < BULK_LOAD_ROWS or not self.owned(tables):
            return None
        self.cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {tables[0]} LIMIT %s) t", [rows])  # noqa: S608
        held = self.cursor.fetchone()[0]
        return None if held >= rows else held == 0

    def owned(self, tables: Sequence[str]) -> bool:
        """PostgreSQL: may we drop and re-add the keys and indexes of ``tables``?"""
        self.cursor.execute(
            "SELECT bool_and(pg_has_role(relowner, 'USAGE')) FROM pg_class "
            "WHERE oid = ANY(%s::regclass[])",
            [list(tables)],
        )
        return bool(self.cursor.fetchone()[0])

    def first_load(self, tables: Sequence[str]) -> bool:
        """A first import: every one of ``tables`` is empty. Then the writers insert new rows
        straight into the catalog tables under ids they take with ``new_ids`` (no staging, no
        join on 1C ids), and the plain indexes of ``tables`` (on PostgreSQL the foreign keys
        too, see ``keys_off``) come off until ``put_back`` or ``first_load_end``: one sort per
        index instead of row-by-row upkeep. On SQLite the lane starts here and runs the
        inserts. SQLite's DDL is transactional and its readers keep reading the last committed
        catalog (WAL); on PostgreSQL readers of these tables wait for the commit, as they
        would for the rows."""
        empty = " AND ".join(f"NOT EXISTS (SELECT 1 FROM {table})" for table in tables)  # noqa: S608
        self.cursor.execute(f"SELECT {empty}")
        if not self.cursor.fetchone()[0]:
            return False
        self.first = True
        if self.postgres:
            if self.owned(tables):
                # No other writer until the commit (new_ids counts on that); readers wait
                # anyway, for the dropped indexes.
                self.cursor.execute(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE")
                self.taken = self.keys_off(tables)
            # For this transaction only: the joins that check the keys put back and the
            # derived tables' GROUP BY run in memory instead of spilling to disk.
            self.cursor.execute("SET LOCAL work_mem = '64MB'")
            return True
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
                self.indexes.append((table, definition))
        # The writers' inserts go to the lane (``send``) from now on: see ``insert``.
        self.lane.start([])
        return True

    def put_back(self, tables: Sequence[str]) -> None:
        """A first import, once ``tables`` are written in full: put back the indexes (and on
        PostgreSQL the foreign keys) ``first_load`` took off them, on the lane: the database
        builds them while this thread reads on. On PostgreSQL the lane starts here and then
        also runs what is ``send``-ed to it, until ``settle``; on SQLite it runs already."""
        if not self.postgres:
            now = [definition for table, definition in self.indexes if table in tables]
            self.indexes = [(table, d) for table, d in self.indexes if table not in tables]
            self.lane.add_spare([partial(self.execute, definition) for definition in now])
            return
        if self.taken is None or self.lane.running:
            return
        keys, indexes = self.taken
        now = ([k for k in keys if k[0] in tables], [i for i in indexes if i[0] in tables])
        self.taken = (
            [k for k in keys if k[0] not in tables],
            [i for i in indexes if i[0] not in tables],
        )
        statements = self.rebuilding(now)
        if statements:
            self.lane.start([partial(self.execute, statement) for statement in statements])

    def first_load_end(self) -> None:
        """Put back what ``first_load`` took off (and ``put_back`` left); adding a key back
        checks every row."""
        for _, definition in self.indexes:
            self.cursor.execute(definition)
        self.indexes = []
        self.next_ids = {}
        if self.taken is not None:
            self.keys_back(self.taken)
            self.taken = None
        self.first = False

    def new_ids(self, table: str, count: int) -> list[int]:
        """``count`` fresh primary keys of ``table``: PostgreSQL takes them from the table's
        sequence (safe whoever else inserts); SQLite counts on from its AUTOINCREMENT counter,
        which the caller's insert of these ids moves on (the IMMEDIATE transaction keeps other
        writers out): take them right before inserting them. In a first import on SQLite every
        new row of ``table`` comes with an id from here, so after the first call the next ids
        are known without asking (nor waiting for the lane that inserts the last ones)."""
        if self.postgres and self.taken is not None:
            # first_load locked the tables: no one else inserts a row, so no one else draws
            # from their sequences until the commit either.
            self.cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, count],
            )
            last = self.cursor.fetchone()[0]
            return list(range(last - count + 1, last + 1))
        if self.postgres:
            self.cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in self.cursor.fetchall()]
        start = self.next_ids.get(table)
        if start is None:
            self.cursor.execute(
                "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 0))",
                [table],
            )
            start = self.cursor.fetchone()[0] + 1
        if self.first:
            self.next_ids[table] = start + count
        return list(range(start, start + count))

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
