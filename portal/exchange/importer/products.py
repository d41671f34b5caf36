"""Products in batches: skip the unchanged by the hash of their XML, stage the rest.

``content_hash`` is the hash of the product's element as last imported: equal hash (and the
product still on sale) means importing it again would change nothing, so its record is never
even built. Changed products are staged with their property values and pictures and merged
into the catalog; their old values and pictures are replaced.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache, partial

from django.db import connection
from django.utils import timezone

from portal.catalog.models import PropertyValueType
from portal.core.money import to_decimal
from portal.exchange.commerceml.reader import UnreadProduct
from portal.exchange.commerceml.records import ProductRecord

from .classifier import Lookups
from .images import ImageCopies, media_path
from .report import Report
from .sql import Sql

PRODUCT_COLUMNS = (
    "external_id",
    "article",
    "barcode",
    "name",
    "full_name",
    "description",
    "group_id",
    "unit_code",
    "unit_name",
    "vat_rate",
    "requisites",
    "is_active",
    "content_hash",
    "changed_at",
    "first_seen_at",
    "is_new",
)
KEPT_ON_UPDATE = ("external_id", "first_seen_at", "is_new")
NAMES = ", ".join(PRODUCT_COLUMNS)
STAGE_PRODUCT = f"SELECT {NAMES} FROM catalog_product"  # noqa: S608
STAGE_VALUE = (
    "SELECT p.external_id AS product_external_id, v.property_id, v.choice_id, v.value_text, "
    "v.value_number FROM catalog_productpropertyvalue v, catalog_product p"
)
STAGE_IMAGE = (
    "SELECT p.external_id AS product_external_id, i.path, i.description, i.sort "
    "FROM catalog_productimage i, catalog_product p"
)
UPSERT_PRODUCTS = (
    f"INSERT INTO catalog_product ({NAMES}) SELECT {NAMES} FROM {{stage}} WHERE true "  # noqa: S608
    "ON CONFLICT (external_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in PRODUCT_COLUMNS if c not in KEPT_ON_UPDATE)
)
REPLACED = "SELECT p.id FROM catalog_product p JOIN {stage} s ON s.external_id = p.external_id"
DELETE_VALUES = f"DELETE FROM catalog_productpropertyvalue WHERE product_id IN ({REPLACED})"  # noqa: S608
DELETE_IMAGES = f"DELETE FROM catalog_productimage WHERE product_id IN ({REPLACED})"  # noqa: S608
INSERT_VALUES = (
    "INSERT INTO catalog_productpropertyvalue "
    "(product_id, property_id, choice_id, value_text, value_number) "
    "SELECT p.id, s.property_id, s.choice_id, s.value_text, s.value_number "
    "FROM {stage} s JOIN catalog_product p ON p.external_id = s.product_external_id"
)
INSERT_IMAGES = (
    "INSERT INTO catalog_productimage (product_id, path, description, sort) "
    "SELECT p.id, s.path, s.description, s.sort "
    "FROM {stage} s JOIN catalog_product p ON p.external_id = s.product_external_id"
)
VALUE_COLUMNS = ("product_id", "property_id", "choice_id", "value_text", "value_number")
IMAGE_COLUMNS = ("product_id", "path", "description", "sort")
NUMBER_LIMIT = Decimal("1e14")
TABLES = ("catalog_product", "catalog_productpropertyvalue", "catalog_productimage")


class ProductWriter:
    def __init__(self, sql: Sql, lookups: Lookups, report: Report, images: ImageCopies):
        self.sql = sql
        self.lookups = lookups
        self.report = report
        self.images = images
        self.seen: set[str] = set()  # every product listed in this run, for withdrawal
        self.ids: dict[str, int] = {}  # first import: 1C id → id of the products inserted
        self.pending: set[str] = set()  # staged, not merged yet
        self.replacing = False  # a staged product already had values and pictures

    def write(self, batch: list[UnreadProduct], *, file: str, folders: tuple) -> None:
        products: dict[str, UnreadProduct] = {}
        for item in batch:
            if not item.external_id:
                self.report.error("У товара нет «Ид» — товар пропущен.", file=file, line=item.line)
            elif self.report.id_fits(
                item.external_id, "«Ид» товара", "товар пропущен", file=file, line=item.line
            ):
                products[item.external_id] = item
        if not self.pending.isdisjoint(products):
            self.merge()  # the same product twice in one file: the later one wins
        # A first import holds only what this run has written: no need to ask for the rest.
        known = [ext for ext in products if ext in self.seen] if self.sql.first else products
        self.seen.update(products)
        existing = {
            ext: (old_hash, bool(active))
            for ext, old_hash, active in self.sql.select_in(
                "SELECT external_id, content_hash, is_active FROM catalog_product "
                "WHERE external_id IN ({})",
                list(known),
            )
        }
        counts = dict.fromkeys(("created", "updated", "unchanged", "withdrawn"), 0)
        changed: list[tuple[UnreadProduct, ProductRecord]] = []
        new: list[tuple[UnreadProduct, ProductRecord]] = []  # first import: straight in
        for ext, item in products.items():
            old = existing.get(ext)
            if old is not None and old == (item.digest, True):
                counts["unchanged"] += 1
                self.want_pictures(item.picture_paths(), file, item.line, folders)
                continue
            record = item.record()
            pictures = self.pictures(record, file, folders)
            if old is None:
                counts["created"] += 1
            elif old[0] != item.digest or old[1] != record.is_active:
                counts["withdrawn" if old[1] and not record.is_active else "updated"] += 1
                self.replacing = True
            else:
                counts["unchanged"] += 1  # withdrawn before, and still marked deleted
                continue
            record.images = pictures
            (new if old is None and self.sql.first else changed).append((item, record))
        for outcome, number in counts.items():
            self.report.add("products", outcome, number)
        if new:
            self.insert(new)
        if changed:
            self.stage(changed)
        if not self.sql.postgres:
            self.merge()

    def insert(self, new: list[tuple[UnreadProduct, ProductRecord]]) -> None:
        """First import: the new products straight into the catalog, under ids taken first so
        that their values and pictures can name them (``insert_rows``, on the lane while it
        runs: this thread reads on)."""
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows, values, pictures = [], [], []
        for pk, (item, record) in zip(
            self.sql.new_ids("catalog_product", len(new)), new, strict=True
        ):
            self.ids[record.external_id] = pk
            rows.append((pk, *self.product_row(record, item.digest, now)))
            values += self.value_rows(record, pk)
            pictures += [
                (pk, path, description, sort)
                for sort, (path, description) in enumerate(record.images)
            ]
        self.sql.send(partial(self.insert_rows, rows, values, pictures))

    def insert_rows(self, rows: list[tuple], values: list[tuple], pictures: list[tuple]) -> None:
        self.sql.insert("catalog_product", ("id", *PRODUCT_COLUMNS), rows)
        self.sql.insert("catalog_productpropertyvalue", VALUE_COLUMNS, values)
        self.sql.insert("catalog_productimage", IMAGE_COLUMNS, pictures)

    def stage(self, changed: list[tuple[UnreadProduct, ProductRecord]]) -> None:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        values, pictures = [], []
        for _, record in changed:
            values += self.value_rows(record, record.external_id)
            pictures += [
                (record.external_id, path, description, sort)
                for sort, (path, description) in enumerate(record.images)
            ]
        self.sql.stage(
            "product",
            STAGE_PRODUCT,
            [self.product_row(record, item.digest, now) for item, record in changed],
        )
        self.sql.stage("value", STAGE_VALUE, values)
        self.sql.stage("image", STAGE_IMAGE, pictures)
        self.pending.update(record.external_id for _, record in changed)

    def merge(self) -> None:
        """Move the staged products into the catalog, replacing their values and pictures."""
        if self.sql.staged("product"):
            replace = (DELETE_VALUES, DELETE_IMAGES) if self.replacing else ()
            with self.sql.bulk_load(TABLES, self.sql.staged("product")):
                self.sql.merge("product", UPSERT_PRODUCTS, *replace)
                self.sql.merge("value", INSERT_VALUES)
                self.sql.merge("image", INSERT_IMAGES)
        self.pending.clear()
        self.replacing = False

    def product_row(self, r: ProductRecord, digest: str, now) -> tuple:
        return (
            r.external_id,
            r.article,
            r.barcode,
            r.name,
            r.full_name,
            r.description,
            self.lookups.groups.get(r.group_external_id or ""),
            r.unit_code,
            r.unit_name,
            r.vat_rate,
            json.dumps(r.requisites, ensure_ascii=False) if r.requisites else "{}",
            r.is_active,
            digest,
            now,
            now,
            False,
        )

    def value_rows(self, record: ProductRecord, product) -> list[tuple]:
        """The rows of the product's property values, naming it by ``product`` (its id, or
        its 1C id for the staging table)."""
        rows = []
        properties, choices = self.lookups.properties, self.lookups.choices
        for property_ext, value in record.property_values:
            known = properties.get(property_ext)
            if known is None:
                continue  # a property 1C did not describe: nothing to file it under
            property_id, value_type = known
            choice_id = number = None
            if value_type == PropertyValueType.REFERENCE:
                choice_id = choices.get(value)
            elif value_type == PropertyValueType.NUMBER:
                number = parse_number(value)
            rows.append((product, property_id, choice_id, value[:500], number))
        return rows

    def pictures(self, record: ProductRecord, file: str, folders) -> list[tuple[str, str]]:
        """Checked media paths of the product's pictures; their files are queued for copying."""
        paths = self.want_pictures([raw for raw, _ in record.images], file, record.line, folders)
        described = {}
        for (_, description), path in zip(record.images, paths, strict=True):
            described.setdefault(path, description)
        return list(described.items())

    def want_pictures(self, raws: list[str], file: str, line: int, folders) -> list[str]:
        """Each raw path checked (a path that escapes refuses the import), each file queued once."""
        paths = [media_path(raw, file=file, line=line) for raw in raws]
        for path in dict.fromkeys(paths):
            self.images.want(path, folders)
        return paths


@lru_cache(maxsize=8192)
def parse_number(value: str) -> Decimal | None:
    """ "1,4" → 1.4000; anything that is not a number stays text only. Cached: property
    values repeat across a catalog."""
    try:
        number = to_decimal(value)
    except ValueError:
        return None
    if abs(number) >= NUMBER_LIMIT:
        return None
    return number.quantize(Decimal("0.0001"))
