"""Offers with their prices and stock, in batches, each table compared before it is written.

An offer whose product is unknown (offers sent before the catalog, or a prices-only package)
gets a stand-in product under the product's 1C id; the next catalog file fills it in.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from portal.core.money import round_money, to_decimal
from portal.exchange.commerceml.records import OfferRecord

from .classifier import Lookups, price_type_id, warehouse_id
from .products import PRODUCT_COLUMNS, content_hash
from .report import Report
from .sql import Sql

OFFER_COLUMNS = (
    "external_id",
    "product_id",
    "name",
    "article",
    "characteristics",
    "is_active",
    "content_hash",
)
QUANTITY = Decimal("0.001")


class OfferWriter:
    def __init__(self, sql: Sql, lookups: Lookups, report: Report, *, seen: set[str]):
        self.sql = sql
        self.lookups = lookups
        self.report = report
        self.seen = seen  # products listed in this run, shared with the product writer

    def write(self, batch: list[OfferRecord], *, file: str) -> None:
        offers: dict[str, OfferRecord] = {}
        for record in batch:
            if record.external_id:
                offers[record.external_id] = record
            else:
                self.report.error(
                    "У предложения нет «Ид» — пропущено.", file=file, line=record.line
                )
        if not offers:
            return
        products = self.product_ids(offers.values())
        offer_ids = self.write_offers(offers, products)
        self.write_prices(offers, offer_ids, file)
        self.write_stock(offers, offer_ids, file)

    def product_ids(self, offers) -> dict[str, int]:
        wanted = {o.product_external_id: o for o in offers}
        ids = dict(
            self.sql.select_in(
                "SELECT external_id, id FROM catalog_product WHERE external_id IN ({})",
                list(wanted),
            )
        )
        self.seen.update(wanted)  # a product still offered is still listed
        missing = [wanted[ext] for ext in wanted if ext not in ids]
        if missing:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            self.sql.insert(
                "catalog_product",
                PRODUCT_COLUMNS,
                [stand_in_product(o, now) for o in missing],
            )
            self.report.add("products", "created", len(missing))
            ids.update(
                self.sql.select_in(
                    "SELECT external_id, id FROM catalog_product WHERE external_id IN ({})",
                    [o.product_external_id for o in missing],
                )
            )
        return ids

    def write_offers(self, offers: dict[str, OfferRecord], products: dict[str, int]) -> dict:
        existing = {
            ext: (pk, old_hash, active)
            for ext, pk, old_hash, active in self.sql.select_in(
                "SELECT external_id, id, content_hash, is_active FROM catalog_offer "
                "WHERE external_id IN ({})",
                list(offers),
            )
        }
        rows = []
        for ext, offer in offers.items():
            old = existing.get(ext)
            if not offer.has_body:  # prices/rests only: make sure the offer exists, no more
                if old is None:
                    rows.append((ext, products[offer.product_external_id], "", "", "{}", True, ""))
                self.report.add("offers", "created" if old is None else "unchanged")
                continue
            digest = content_hash(
                offer.name, offer.article, offer.characteristics, offer.is_active,
                offer.product_external_id,
            )  # fmt: skip
            if old is None:
                self.report.add("offers", "created")
            elif old[1] != digest or bool(old[2]) != offer.is_active:
                withdrawn = bool(old[2]) and not offer.is_active
                self.report.add("offers", "withdrawn" if withdrawn else "updated")
            else:
                self.report.add("offers", "unchanged")
                continue
            rows.append(
                (
                    ext,
                    products[offer.product_external_id],
                    offer.name,
                    offer.article,
                    json.dumps(offer.characteristics, ensure_ascii=False),
                    offer.is_active,
                    digest,
                )
            )
        self.sql.upsert("catalog_offer", OFFER_COLUMNS, ("external_id",), rows)
        ids = {ext: old[0] for ext, old in existing.items()}
        new = [ext for ext in offers if ext not in ids]
        ids.update(
            self.sql.select_in(
                "SELECT external_id, id FROM catalog_offer WHERE external_id IN ({})", new
            )
        )
        return ids

    def write_prices(self, offers: dict[str, OfferRecord], offer_ids: dict, file: str) -> None:
        wanted: dict[tuple[int, int], tuple[Decimal, str]] = {}
        for ext, offer in offers.items():
            for price in offer.prices:
                try:
                    amount = round_money(to_decimal(price.amount))
                except ValueError:
                    self.report.error(
                        f"Предложение «{ext}»: цена «{price.amount}» не число — цена пропущена.",
                        file=file,
                        line=offer.line,
                    )
                    continue
                if amount < 0 or not price.price_type_external_id:
                    self.report.error(
                        f"Предложение «{ext}»: цена «{price.amount}» без типа цен или "
                        "отрицательная — цена пропущена.",
                        file=file,
                        line=offer.line,
                    )
                    continue
                type_id = price_type_id(price.price_type_external_id, self.lookups, self.report)
                wanted[(offer_ids[ext], type_id)] = (amount, price.currency)
        existing = {
            (offer_id, type_id): (round_money(to_decimal(str(amount))), currency)
            for offer_id, type_id, amount, currency in self.sql.select_in(
                "SELECT offer_id, price_type_id, amount, currency FROM catalog_price "
                "WHERE offer_id IN ({})",
                sorted({key[0] for key in wanted}),
            )
        }
        rows = self.diff("prices", wanted, existing)
        self.sql.upsert(
            "catalog_price",
            ("offer_id", "price_type_id", "amount", "currency"),
            ("offer_id", "price_type_id"),
            [(*key, amount, currency) for key, (amount, currency) in rows],
        )

    def write_stock(self, offers: dict[str, OfferRecord], offer_ids: dict, file: str) -> None:
        wanted: dict[tuple[int, int], tuple[Decimal]] = {}
        for ext, offer in offers.items():
            for store_ext, quantity in offer.stock:
                try:
                    amount = to_decimal(quantity).quantize(QUANTITY)
                except ValueError:
                    self.report.error(
                        f"Предложение «{ext}»: остаток «{quantity}» не число — пропущен.",
                        file=file,
                        line=offer.line,
                    )
                    continue
                if not store_ext:
                    continue
                store_id = warehouse_id(store_ext, self.lookups, self.report)
                wanted[(offer_ids[ext], store_id)] = (amount,)
        existing = {
            (offer_id, store_id): (to_decimal(str(quantity)).quantize(QUANTITY),)
            for offer_id, store_id, quantity in self.sql.select_in(
                "SELECT offer_id, warehouse_id, quantity FROM catalog_stocklevel "
                "WHERE offer_id IN ({})",
                sorted({key[0] for key in wanted}),
            )
        }
        rows = self.diff("stock", wanted, existing)
        self.sql.upsert(
            "catalog_stocklevel",
            ("offer_id", "warehouse_id", "quantity"),
            ("offer_id", "warehouse_id"),
            [(*key, quantity) for key, (quantity,) in rows],
        )

    def diff(self, kind: str, wanted: dict, existing: dict) -> list:
        rows = []
        for key, value in wanted.items():
            old = existing.get(key)
            if old == value:
                self.report.add(kind, "unchanged")
                continue
            self.report.add(kind, "created" if old is None else "updated")
            rows.append((key, value))
        return rows


def stand_in_product(offer: OfferRecord, now) -> tuple:
    """A product known only from its offer; the empty hash makes the catalog file update it."""
    ext = offer.product_external_id
    name = offer.name or f"Товар {ext}"
    return (ext, offer.article, "", name, "", "", None, "", "", None, "{}", offer.has_body, "", now, now, False)  # fmt: skip
