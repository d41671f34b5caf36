"""Products in batches: compare content hashes, write only what differs, replace children.

A product's hash covers everything imported for it (fields, property values, pictures), so a
re-import of an unchanged file reads one indexed SELECT per batch and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from portal.catalog.models import PropertyValueType
from portal.core.money import to_decimal
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
VALUE_COLUMNS = ("product_id", "property_id", "choice_id", "value_text", "value_number")
IMAGE_COLUMNS = ("product_id", "path", "description", "sort")
NUMBER_LIMIT = Decimal("1e14")


def content_hash(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def product_hash(record: ProductRecord) -> str:
    return content_hash(
        record.name,
        record.article,
        record.barcode,
        record.full_name,
        record.description,
        record.group_external_id,
        record.unit_code,
        record.unit_name,
        record.vat_rate,
        record.requisites,
        record.is_active,
        record.property_values,
        record.images,
    )


class ProductWriter:
    def __init__(self, sql: Sql, lookups: Lookups, report: Report, images: ImageCopies):
        self.sql = sql
        self.lookups = lookups
        self.report = report
        self.images = images
        self.seen: set[str] = set()  # every product listed in this run, for withdrawal

    def write(self, batch: list[ProductRecord], *, file: str, folders: tuple) -> None:
        records = {r.external_id: r for r in batch if r.external_id}
        for record in batch:
            if not record.external_id:
                self.report.error(
                    "У товара нет «Ид» — товар пропущен.", file=file, line=record.line
                )
        self.seen.update(records)
        pictures_of = {ext: self.pictures(r, file, folders) for ext, r in records.items()}
        hashes = {ext: product_hash(r) for ext, r in records.items()}
        existing = {
            ext: (pk, old_hash, active)
            for ext, pk, old_hash, active in self.sql.select_in(
                "SELECT external_id, id, content_hash, is_active FROM catalog_product "
                "WHERE external_id IN ({})",
                list(records),
            )
        }
        to_write: list[ProductRecord] = []
        for ext, record in records.items():
            old = existing.get(ext)
            if old is None:
                self.report.add("products", "created")
            elif old[1] != hashes[ext] or bool(old[2]) != record.is_active:
                withdrawn = bool(old[2]) and not record.is_active
                self.report.add("products", "withdrawn" if withdrawn else "updated")
            else:
                self.report.add("products", "unchanged")
                continue
            to_write.append(record)
        if not to_write:
            return
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.sql.upsert(
            "catalog_product",
            PRODUCT_COLUMNS,
            ("external_id",),
            [self.product_row(r, hashes[r.external_id], now) for r in to_write],
            keep=("first_seen_at", "is_new"),
        )
        ids = {ext: old[0] for ext, old in existing.items()}
        created = [r.external_id for r in to_write if r.external_id not in ids]
        ids.update(
            self.sql.select_in(
                "SELECT external_id, id FROM catalog_product WHERE external_id IN ({})", created
            )
        )
        changed_ids = [ids[r.external_id] for r in to_write if r.external_id in existing]
        for table in ("catalog_productpropertyvalue", "catalog_productimage"):
            self.sql.execute_in(f"DELETE FROM {table} WHERE product_id IN ({{}})", changed_ids)  # noqa: S608
        values, pictures = [], []
        for record in to_write:
            product_id = ids[record.external_id]
            values += self.value_rows(product_id, record)
            pictures += [
                (product_id, path, description, sort)
                for sort, (path, description) in enumerate(pictures_of[record.external_id])
            ]
        self.sql.insert("catalog_productpropertyvalue", VALUE_COLUMNS, values)
        self.sql.insert("catalog_productimage", IMAGE_COLUMNS, pictures)

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
            json.dumps(r.requisites, ensure_ascii=False),
            r.is_active,
            digest,
            now,
            now,
            False,
        )

    def value_rows(self, product_id: int, record: ProductRecord) -> list[tuple]:
        rows = []
        for property_ext, value in record.property_values:
            known = self.lookups.properties.get(property_ext)
            if known is None:
                continue  # a property 1C did not describe: nothing to file it under
            property_id, value_type = known
            choice_id = number = None
            if value_type == PropertyValueType.REFERENCE:
                choice_id = self.lookups.choices.get(value)
            elif value_type == PropertyValueType.NUMBER:
                number = parse_number(value)
            rows.append((product_id, property_id, choice_id, value[:500], number))
        return rows

    def pictures(self, record: ProductRecord, file: str, folders) -> list[tuple[str, str]]:
        """Checked media paths of the product's pictures; their files are queued for copying."""
        result, seen = [], set()
        for raw, description in record.images:
            path = media_path(raw, file=file, line=record.line)
            if path not in seen:
                seen.add(path)
                self.images.want(path, folders)
                result.append((path, description))
        return result


def parse_number(value: str) -> Decimal | None:
    """ "1,4" → 1.4000; anything that is not a number stays text only."""
    try:
        number = to_decimal(value)
    except ValueError:
        return None
    if abs(number) >= NUMBER_LIMIT:
        return None
    return number.quantize(Decimal("0.0001"))
