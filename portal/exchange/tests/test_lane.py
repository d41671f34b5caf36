"""The database lane: in a first import the product tables' keys and indexes go back on a
second thread while the offers are read, and that thread writes the offers too (on SQLite the
products as well). Whatever the main thread does with the database waits for it, and its
errors are the import's: the same exception, the same rollback."""

import threading
import time

import pytest
from django.db import connection

from portal.catalog.models import Product
from portal.exchange.commerceml.safety import ImportRefused
from portal.exchange.importer import run
from portal.exchange.importer.offers import OfferWriter
from portal.exchange.importer.products import ProductWriter
from portal.exchange.importer.run import import_catalog
from portal.exchange.importer.sql import Sql

from .conftest import PACKAGE
from .test_bulk_load import (
    TABLES,
    empty_the_catalog,
    held_product,
    portable_catalog,
    schema,
    without_held,
)

pytestmark = pytest.mark.django_db
LANE = "import-database-lane"


def threads_writing(monkeypatch, writer) -> list[str]:
    """The names of the threads that run ``writer.insert_rows``, one per batch, in order."""
    names: list[str] = []
    insert_rows = writer.insert_rows

    def noted(self, *rows):
        names.append(threading.current_thread().name)
        insert_rows(self, *rows)

    monkeypatch.setattr(writer, "insert_rows", noted)
    return names


@pytest.fixture
def offers_written_in(monkeypatch):
    """The names of the threads that wrote the first import's offer batches."""
    return threads_writing(monkeypatch, OfferWriter)


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
    assert offers_written_in == [LANE] * (2 if batch == 1 else 1)
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


def stored_types() -> dict[tuple[str, str], list[str]]:
    """Per column of the written tables, the types of the values as the database returns them
    (SQLite keeps each value's own storage class, whatever the column says)."""
    found = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — our table names
            names = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    found.setdefault((table, name), set()).add(type(value).__name__)
    return {key: sorted(types) for key, types in found.items()}


def test_the_first_import_stores_values_as_the_upsert_does():
    """The first import's inserts (SQLite: one statement over the batch as JSON) store every
    value as the staged upserts do: the same values, and on SQLite the same storage classes."""
    held_product()
    import_catalog([PACKAGE])  # no first import: the staged upserts
    Product.objects.filter(external_id="held").delete()
    upserted, types = portable_catalog(), stored_types()
    empty_the_catalog()

    import_catalog([PACKAGE])

    assert portable_catalog() == upserted
    assert stored_types() == types


REFUSING_TRIGGER = {
    "sqlite": [
        "CREATE TRIGGER lane_refuses BEFORE INSERT ON catalog_price "
        "BEGIN SELECT RAISE(ABORT, 'цена отклонена'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION lane_refuses() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'цена отклонена'; END $$",
        "CREATE TRIGGER lane_refuses BEFORE INSERT ON catalog_price "
        "FOR EACH ROW EXECUTE FUNCTION lane_refuses()",
    ],
}


def test_a_failed_insert_on_the_lane_rolls_the_first_import_back(snapshot, offers_written_in):
    """The database refuses the prices the lane inserts (a trigger stands in for any failure
    of the insert itself): the import fails with that error and leaves the catalog, its
    indexes and keys as they were."""
    with connection.cursor() as cursor:
        for statement in REFUSING_TRIGGER[connection.vendor]:
            cursor.execute(statement)
    before, rows = schema(), snapshot()
    threads = threading.active_count()

    with pytest.raises(Exception, match="цена отклонена") as refused:
        import_catalog([PACKAGE])

    assert offers_written_in == [LANE]
    assert raised_in_lane(refused.value)
    assert threading.active_count() == threads
    assert snapshot() == rows
    assert schema() == before


def test_sqlite_inserts_the_products_on_the_lane(monkeypatch):
    """SQLite gets the lane from the start of a first import: a product batch is inserted
    there while the next is parsed (PostgreSQL starts it once the products are written)."""
    names = threads_writing(monkeypatch, ProductWriter)
    monkeypatch.setattr(run, "BATCH", 1)

    report = import_catalog([PACKAGE])

    created = report.counts["products"]["created"]
    assert created > 1
    thread = LANE if connection.vendor == "sqlite" else "MainThread"
    assert names == [thread] * created


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
