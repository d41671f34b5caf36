"""One import: read every file in order, write in batches, all inside one transaction.

Any refusal (hostile or broken file) raises ``ImportRefused`` out of the transaction, so the
catalog is left exactly as it was. Pictures are copied only after the commit. Imports run one
at a time (``one_import_at_a_time``): two at once would both create the same new rows.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db import DataError, connection, transaction
from django.utils import timezone

from portal.catalog.list_prices import refresh_list_prices
from portal.catalog.models import ProductListPrice
from portal.catalog.version import catalog_changed
from portal.core.collector import collections_spaced
from portal.exchange.commerceml import reader
from portal.exchange.commerceml.package import SourceFile, collect
from portal.exchange.commerceml.reader import UnreadOffer, UnreadProduct
from portal.exchange.commerceml.records import (
    CatalogEnd,
    CatalogStart,
    ClassifierSectionEnd,
    GroupRecord,
    PriceTypeRecord,
    PropertyRecord,
    WarehouseRecord,
)
from portal.exchange.commerceml.safety import ImportRefused

from .classifier import Lookups, write_groups, write_price_type, write_properties, write_warehouse
from .images import ImageCopies
from .offers import TABLES as OFFER_TABLES
from .offers import OfferWriter
from .products import TABLES as PRODUCT_TABLES
from .products import ProductWriter
from .report import Report
from .sql import Sql

BATCH = 2000
# The classifier's records, and how an error names one whose «Ид» is too long.
CLASSIFIER = {
    GroupRecord: ("группы", "группа пропущена"),
    PropertyRecord: ("свойства", "свойство пропущено"),
    PriceTypeRecord: ("типа цен", "тип цен пропущен"),
    WarehouseRecord: ("склада", "склад пропущен"),
}
CHANGES = ("created", "updated", "withdrawn")
# The key of the PostgreSQL advisory lock that queues catalog imports (any constant bigint).
IMPORT_LOCK = 0x1C_CA7A_1065


def import_catalog(paths: list[Path]) -> Report:
    """Import CommerceML files, folders or zips. Raises ImportRefused; then nothing changed."""
    with collections_spaced():
        return _import_catalog(paths)


def _import_catalog(paths: list[Path]) -> Report:
    report = Report()
    images = ImageCopies()
    with tempfile.TemporaryDirectory(prefix="import_1c_") as workdir:
        sources = collect([Path(p) for p in paths], Path(workdir))
        current = ""
        try:
            with transaction.atomic():
                one_import_at_a_time()
                transaction.on_commit(catalog_changed)  # drops the cached group tree and filters
                importer = FileImporter(report, images)
                try:
                    for source in sources:
                        current = source.name
                        importer.read(source)
                    importer.finish()
                finally:
                    importer.sql.restore()
        except (DataError, connection.Database.DataError):
            # PostgreSQL checks lengths and digits that SQLite lets through; the bulk load
            # (COPY) raises the driver's own DataError, Django's cursor its wrapped one.
            raise ImportRefused(
                f"Файл «{current}»: значение не помещается в поле базы данных (слишком длинный "
                "«Ид», название или число) — импорт отклонён.",
                file=current,
            ) from None
        images.copy_all(report)
    return report


def one_import_at_a_time() -> None:
    """Wait until any other catalog import has committed, then read the catalog: the lookups
    and the compared rows must include what that import wrote (else both insert the same new
    group or property, and the later one fails on the unique 1C id). PostgreSQL: an advisory
    lock held to the end of the transaction; SQLite's IMMEDIATE transactions already queue
    every writer at BEGIN."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


class FileImporter:
    def __init__(self, report: Report, images: ImageCopies):
        self.report = report
        self.sql = Sql()
        self.lookups = Lookups.load()
        self.products = ProductWriter(self.sql, self.lookups, report, images)
        self.offers = OfferWriter(
            self.sql,
            self.lookups,
            report,
            seen=self.products.seen,
            inserted_products=self.products.ids,
        )
        self.sql.first_load((*PRODUCT_TABLES, *OFFER_TABLES, ProductListPrice._meta.db_table))
        self.full_catalog = False
        self.groups: list[GroupRecord] = []
        self.properties: list[PropertyRecord] = []
        self.product_batch: list[UnreadProduct] = []
        self.offer_batch: list[UnreadOffer] = []

    def read(self, source: SourceFile) -> None:
        folders = (source.path.parent, source.root)
        count = 0
        for record in reader.read(source.path, source.name):
            count += 1
            if isinstance(record, UnreadOffer):
                self.flush_classifier()
                self.flush_products(source, folders)
                if not self.offer_batch:
                    self.products_done()
                self.offer_batch.append(record)
                if len(self.offer_batch) >= BATCH:
                    self.write_offers(source)
            elif isinstance(record, UnreadProduct):
                self.flush_classifier()
                self.product_batch.append(record)
                if len(self.product_batch) >= BATCH:
                    self.write_products(source, folders)
            elif type(record) in CLASSIFIER and not self.id_fits(record, source.name):
                continue
            elif isinstance(record, GroupRecord):
                self.groups.append(record)
            elif isinstance(record, PropertyRecord):
                self.properties.append(record)
            elif isinstance(record, PriceTypeRecord):
                self.flush_classifier()
                write_price_type(record, self.lookups, self.report)
            elif isinstance(record, WarehouseRecord):
                self.flush_classifier()
                write_warehouse(record, self.lookups, self.report)
            elif isinstance(record, ClassifierSectionEnd | CatalogStart):
                self.flush_classifier()
            elif isinstance(record, CatalogEnd):
                self.flush_products(source, folders)
                if record.had_products and not record.only_changes:
                    self.full_catalog = True
        self.flush_classifier()
        self.flush_products(source, folders)
        self.flush_offers(source)
        self.sql.drain()  # the lane's errors are this file's
        if not count:
            self.report.notes.append(
                f"Файл «{source.name}» не содержит каталога, цен или остатков — пропущен."
            )

    def id_fits(
        self, record: GroupRecord | PropertyRecord | PriceTypeRecord | WarehouseRecord, file: str
    ) -> bool:
        """Whether the record's 1C id fits the column (``Report.id_fits``); a property's values
        are checked one by one and only the over-long ones are dropped."""
        whose, skipped = CLASSIFIER[type(record)]
        if not self.report.id_fits(
            record.external_id, f"«Ид» {whose}", skipped, file=file, line=record.line
        ):
            return False
        if isinstance(record, PropertyRecord):
            record.choices = [
                (choice_id, value)
                for choice_id, value in record.choices
                if self.report.id_fits(
                    choice_id,
                    f"Свойство «{record.name}»: «Ид» значения",
                    "значение пропущено",
                    file=file,
                    line=record.line,
                )
            ]
        return True

    def flush_classifier(self) -> None:
        if self.groups:
            write_groups(self.groups, self.lookups, self.report)
            self.groups = []
        if self.properties:
            write_properties(self.properties, self.lookups, self.report)
            self.properties = []

    def write_products(self, source: SourceFile, folders: tuple) -> None:
        if self.product_batch:
            self.products.write(self.product_batch, file=source.name, folders=folders)
            self.product_batch = []

    def flush_products(self, source: SourceFile, folders: tuple) -> None:
        """Write the last batch and merge what is staged: offers and withdrawal need it."""
        self.write_products(source, folders)
        self.products.merge()

    def products_done(self) -> None:
        """The offers begin: a first import has written its products, so their tables' keys
        and indexes go back now, built by the server while the offers are read."""
        if self.products.ids:
            self.sql.put_back(PRODUCT_TABLES)

    def write_offers(self, source: SourceFile) -> None:
        if self.offer_batch:
            self.offers.write(self.offer_batch, file=source.name)
            self.offer_batch = []

    def flush_offers(self, source: SourceFile) -> None:
        self.write_offers(source)
        self.offers.merge()

    def finish(self) -> None:
        self.sql.settle()
        if self.full_catalog:
            self.withdraw_missing()
        if any(self.report.counts["prices"][outcome] for outcome in CHANGES):
            # Before a first import puts its keys and indexes back: into the empty table the
            # lowest prices then go as one bulk load too, checked by one join per key.
            refresh_list_prices()
        self.sql.first_load_end()
        self.sql.drop_stages()

    def withdraw_missing(self) -> None:
        """A full catalog lists every product: the ones it no longer lists leave the sale."""
        self.sql.cursor.execute(
            "SELECT id, external_id FROM catalog_product WHERE is_active = %s", [True]
        )
        gone = [pk for pk, ext in self.sql.cursor.fetchall() if ext not in self.products.seen]
        if not gone:
            return
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.sql.execute_in(
            "UPDATE catalog_product SET is_active = %s, changed_at = %s WHERE id IN ({})",
            gone,
            [False, now],
        )
        self.sql.execute_in(
            "UPDATE catalog_offer SET is_active = %s WHERE product_id IN ({})", gone, [False]
        )
        self.report.add("products", "withdrawn", len(gone))
