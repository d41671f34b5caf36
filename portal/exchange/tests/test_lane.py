"""The database lane: in a first import on PostgreSQL the product tables' keys and indexes go
back on a second thread while the offers are read, and that thread writes the offers too.
Whatever the main thread does with the database waits for it, and its errors are the
import's: the same exception, the same rollback."""

import threading
import time

import pytest
from django.db import connection

from portal.exchange.commerceml.safety import ImportRefused
from portal.exchange.importer import run
from portal.exchange.importer.offers import OfferWriter
from portal.exchange.importer.run import import_catalog
from portal.exchange.importer.sql import Sql

from .conftest import PACKAGE
from .test_bulk_load import empty_the_catalog, held_product, portable_catalog, schema, without_held

pytestmark = pytest.mark.django_db
LANE = "import-database-lane"


@pytest.fixture
def offers_written_in(monkeypatch):
    """The names of the threads that wrote the first import's offer batches."""
    names: list[str] = []
    insert_rows = OfferWriter.insert_rows

    def noted(writer, *rows):
        names.append(threading.current_thread().name)
        insert_rows(writer, *rows)

    monkeypatch.setattr(OfferWriter, "insert_rows", noted)
    return names


@pytest.mark.parametrize("batch", [1, run.BATCH])
def test_first_import_writes_the_offers_on_the_lane_and_the_same_catalog(
    monkeypatch, offers_written_in, batch
):
    held_product()
    import_catalog([PACKAGE])  # no first import: the staged upserts
    upserted = without_held(portable_catalog())
    before = schema()
    empty_the_catalog()
    monkeypatch.setattr(run, "BATCH", batch)
    threads = threading.active_count()

    report = import_catalog([PACKAGE])

    assert report.errors == []
    assert report.counts["offers"]["created"] == 2
    # PostgreSQL only: SQLite's executemany would give up the GIL row by row on the lane.
    lane = LANE if connection.vendor == "postgresql" else "MainThread"
    assert offers_written_in == [lane] * (2 if batch == 1 else 1)
    assert threading.active_count() == threads
    assert portable_catalog() == upserted
    assert schema() == before
    assert import_catalog([PACKAGE]).changed() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not check lengths")
def test_an_error_in_the_lane_refuses_the_first_import(snapshot, offers_written_in):
    """A value too long for its column fails the offers' COPY on the lane (the reader clips
    every text to the model's lengths, so the column is made narrower than the model): the
    import is refused with the offers file named, and everything rolls back."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE catalog_offer ALTER COLUMN article TYPE varchar(5)")
    before, rows = schema(), snapshot()
    threads = threading.active_count()

    with pytest.raises(ImportRefused) as refused:
        import_catalog([PACKAGE])  # the article «OK-1000» is seven characters

    assert refused.value.file == "offers.xml"
    assert offers_written_in == [LANE]
    assert raised_in_lane(refused.value.__context__)  # the database's own error, from the lane
    assert threading.active_count() == threads
    assert snapshot() == rows
    assert schema() == before
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE catalog_offer ALTER COLUMN article TYPE varchar(100)")
    assert import_catalog([PACKAGE]).counts["offers"]["created"] == 2  # and it still works


def raised_in_lane(error: BaseException) -> bool:
    traceback = error.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code
        if code.co_name == "work" and code.co_filename.endswith("lane.py"):
            return True
        traceback = traceback.tb_next
    return False


def test_the_main_thread_uses_the_connection_only_after_the_lane():
    """The lane's jobs sleep, then write; the main thread's statements (the import's cursor,
    its COPY on PostgreSQL, and any other cursor) wait for them instead of running first."""
    sql = Sql()
    threads = threading.active_count()

    def slowly(statement):
        def job():
            time.sleep(0.2)
            sql.execute(statement)

        return job

    sql.lane.start([slowly("CREATE TEMP TABLE lane_probe (n integer)")])
    try:
        sql.insert("lane_probe", ["n"], [(1,)])
        sql.send(slowly("INSERT INTO lane_probe VALUES (2)"))
        with connection.cursor() as cursor:
            cursor.execute("SELECT n FROM lane_probe ORDER BY n")
            assert cursor.fetchall() == [(1,), (2,)]
        sql.settle()
    finally:
        sql.restore()
    assert threading.active_count() == threads


def test_an_error_in_the_lane_comes_back_the_same_and_stops_it():
    sql = Sql()
    threads = threading.active_count()
    failure = ValueError("в потоке")
    ran = []

    def fail():
        raise failure

    sql.lane.start([fail, lambda: ran.append("after")])  # the second dropped: the lane stopped
    try:
        with pytest.raises(ValueError) as raised:
            sql.drain()
        assert raised.value is failure
        with pytest.raises(ValueError), connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # any use of the connection says so again
    finally:
        sql.restore()
    assert ran == []
    assert threading.active_count() == threads
    with connection.cursor() as cursor:  # closed: the connection is the main thread's again
        cursor.execute("SELECT 1")
