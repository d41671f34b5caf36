"""The bulk loads. A first import into an empty catalog writes straight into the catalog
tables with their plain indexes (PostgreSQL: and foreign keys) off for the whole import; on
PostgreSQL a merge that more than doubles a table takes them off for the merge. Both put them
back after: the same catalog, the same schema, and no orphan row let through."""

import pytest
from django.db import IntegrityError, connection, transaction

from portal.catalog.models import (
    Offer,
    PriceType,
    Product,
    ProductGroup,
    Property,
    PropertyChoice,
    Warehouse,
)
from portal.exchange.commerceml.safety import ImportRefused
from portal.exchange.importer import offers, products, sql
from portal.exchange.importer.run import import_catalog
from portal.exchange.importer.sql import Sql

from .conftest import PACKAGE

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the merge-time bulk load drops and re-adds PostgreSQL constraints and indexes",
)

TABLES = (*products.TABLES, *offers.TABLES, "catalog_productlistprice")


def schema() -> dict[str, list]:
    """The foreign keys and indexes of the bulk-loaded tables, as the database spells them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            indexes = [
                row
                for table in TABLES
                for row in cursor.execute(
                    "SELECT tbl_name, name, sql FROM sqlite_master "
                    "WHERE type = 'index' AND tbl_name = %s ORDER BY name",
                    [table],
                ).fetchall()
            ]
            keys = [
                (table, *row)
                for table in TABLES
                for row in cursor.execute(f"PRAGMA foreign_key_list({table})").fetchall()
            ]
            return {"constraints": keys, "indexes": indexes}
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [list(TABLES)],
        )
        keys = cursor.fetchall()
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) ORDER BY 1, 2",
            [list(TABLES)],
        )
        return {"constraints": keys, "indexes": cursor.fetchall()}


def portable_catalog() -> dict[str, list]:
    """The imported catalog named by 1C ids, so two imports can be compared."""
    product_rows = Product.objects.values_list(
        "external_id", "name", "article", "group__external_id", "unit_code", "vat_rate",
        "requisites", "is_active", "content_hash",
    )  # fmt: skip
    return {
        "products": sorted(map(str, product_rows)),
        "values": sorted(
            str(row)
            for row in Product.objects.values_list(
                "external_id",
                "property_values__property__external_id",
                "property_values__choice__external_id",
                "property_values__value_text",
                "property_values__value_number",
            )
        ),
        "images": sorted(map(str, Product.objects.values_list("external_id", "images__path"))),
        "offers": sorted(
            map(str, Offer.objects.values_list("external_id", "product__external_id", "name"))
        ),
        "prices": sorted(
            map(
                str,
                Offer.objects.values_list(
                    "external_id", "prices__price_type__external_id", "prices__amount"
                ),
            )
        ),
        "stock": sorted(
            map(
                str,
                Offer.objects.values_list(
                    "external_id",
                    "stock_levels__warehouse__external_id",
                    "stock_levels__quantity",
                ),
            )
        ),
    }


def empty_the_catalog() -> None:
    Product.objects.all().delete()  # with offers, values, pictures, prices and stock
    for model in (ProductGroup, PropertyChoice, Property, PriceType, Warehouse):
        model.objects.all().delete()


def test_first_import_into_an_empty_catalog_keeps_every_index_and_key():
    before = schema()
    assert before["indexes"]  # the tables do have plain indexes to take off and put back
    report = import_catalog([PACKAGE])
    assert report.counts["products"]["created"] == 3
    assert schema() == before


def held_product() -> None:
    """One product in the catalog, so that an import is no first import."""
    Product.objects.create(external_id="held", name="Уже в каталоге")


def without_held(catalog: dict[str, list]) -> dict[str, list]:
    return {kind: [row for row in rows if "'held'" not in row] for kind, rows in catalog.items()}


def test_first_import_writes_what_the_upserts_write():
    """Into an empty catalog the rows go straight in under ids taken first; the catalog must
    be the one the staged upserts write into a catalog that holds something already."""
    held_product()
    import_catalog([PACKAGE])
    upserted = without_held(portable_catalog())
    before = schema()
    empty_the_catalog()

    report = import_catalog([PACKAGE])

    assert report.errors == []
    assert report.counts["products"]["created"] == 3
    assert report.counts["prices"]["created"] == 3
    assert portable_catalog() == upserted
    assert schema() == before
    assert import_catalog([PACKAGE]).changed() == 0


def test_a_refused_first_import_leaves_the_empty_catalog_and_its_schema(tmp_path, snapshot):
    """The catalog and offers go straight in, then a later file is broken: the rows, the ids
    taken and the dropped indexes and keys all roll back."""
    before, rows = schema(), snapshot()
    offers_text = (PACKAGE / "offers.xml").read_text(encoding="utf-8")
    broken = tmp_path / "rests___broken.xml"  # read after import.xml and offers.xml
    broken.write_text(offers_text[: len(offers_text) // 2], encoding="utf-8")

    with pytest.raises(ImportRefused) as refused:
        import_catalog([PACKAGE / "import.xml", PACKAGE / "offers.xml", broken])

    assert refused.value.file == "rests___broken.xml"
    assert snapshot() == rows
    assert schema() == before
    assert import_catalog([PACKAGE]).counts["products"]["created"] == 3  # and it still works


@postgres_only
def test_bulk_merge_writes_the_same_catalog_and_keeps_the_schema(monkeypatch):
    held_product()
    import_catalog([PACKAGE])
    row_by_row = without_held(portable_catalog())
    before = schema()
    empty_the_catalog()
    held_product()  # no first import: three products merge into a table that holds one

    monkeypatch.setattr(sql, "BULK_LOAD_ROWS", 1)
    report = import_catalog([PACKAGE])

    assert report.errors == []
    assert report.counts["products"]["created"] == 3
    assert without_held(portable_catalog()) == row_by_row
    assert schema() == before
    again = import_catalog([PACKAGE])
    assert again.changed() == 0


@postgres_only
def test_bulk_load_refuses_an_orphan_row(monkeypatch):
    monkeypatch.setattr(sql, "BULK_LOAD_ROWS", 1)
    before = schema()
    with pytest.raises(IntegrityError), transaction.atomic():
        loader = Sql()
        with loader.bulk_load(offers.TABLES, rows=10):
            loader.execute(
                "INSERT INTO catalog_stocklevel (offer_id, warehouse_id, quantity) "
                "VALUES (%s, %s, 1)",
                [987654321, 987654321],
            )
    assert schema() == before  # rolled back with the constraints in place


@postgres_only
def test_bulk_load_only_while_the_table_holds_fewer_rows(monkeypatch):
    monkeypatch.setattr(sql, "BULK_LOAD_ROWS", 1)
    import_catalog([PACKAGE])  # three products
    loader = Sql()
    assert loader.bulk_emptiness(products.TABLES, rows=3) is None
    assert loader.bulk_emptiness(products.TABLES, rows=4) is False
    monkeypatch.setattr(sql, "BULK_LOAD_ROWS", 10_000)
    assert loader.bulk_emptiness(products.TABLES, rows=4) is None
