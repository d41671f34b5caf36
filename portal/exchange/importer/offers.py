"""Offers with their prices and stock, in batches: skip the unchanged, stage what differs.

An offer's ``content_hash`` is the hash of the element last applied to it in full, kept only
while applying that element again would change nothing: a prices-only or stock-only element
that changes the offer's prices or stock clears it, and so does an element with an error (so
the error is reported again next time). Equal hash and the offer on sale: skipped unread.

An offer whose product is unknown (offers sent before the catalog, or a prices-only package)
gets a stand-in product under the product's 1C id; the next catalog file fills it in.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache, partial

from django.db import connection
from django.utils import timezone

from portal.core.money import round_money, to_decimal
from portal.exchange.commerceml.reader import UnreadOffer
from portal.exchange.commerceml.records import OfferRecord

from .classifier import Lookups, price_type_id, warehouse_id
from .products import PRODUCT_COLUMNS
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
STAGE_OFFER = (
    "SELECT o.external_id, p.external_id AS product_external_id, o.name, o.article, "
    "o.characteristics, o.is_active, o.content_hash FROM catalog_offer o, catalog_product p"
)
STAGE_PRICE = (
    "SELECT o.external_id AS offer_external_id, r.price_type_id, r.amount, r.currency "
    "FROM catalog_price r, catalog_offer o"
)
STAGE_STOCK = (
    "SELECT o.external_id AS offer_external_id, r.warehouse_id, r.quantity "
    "FROM catalog_stocklevel r, catalog_offer o"
)
UPSERT_OFFERS = (
    "INSERT INTO catalog_offer (external_id, product_id, name, article, characteristics, "
    "is_active, content_hash) "
    "SELECT s.external_id, p.id, s.name, s.article, s.characteristics, s.is_active, "
    "s.content_hash FROM {stage} s JOIN catalog_product p ON p.external_id = s.product_external_id "
    "WHERE true ON CONFLICT (external_id) DO UPDATE SET product_id = excluded.product_id, "
    "name = excluded.name, article = excluded.article, characteristics = excluded.characteristics, "
    "is_active = excluded.is_active, content_hash = excluded.content_hash"
)
UPSERT_PRICES = (
    "INSERT INTO catalog_price (offer_id, price_type_id, amount, currency) "
    "SELECT o.id, s.price_type_id, s.amount, s.currency "
    "FROM {stage} s JOIN catalog_offer o ON o.external_id = s.offer_external_id WHERE true "
    "ON CONFLICT (offer_id, price_type_id) DO UPDATE SET amount = excluded.amount, "
    "currency = excluded.currency"
)
UPSERT_STOCK = (
    "INSERT INTO catalog_stocklevel (offer_id, warehouse_id, quantity) "
    "SELECT o.id, s.warehouse_id, s.quantity "
    "FROM {stage} s JOIN catalog_offer o ON o.external_id = s.offer_external_id WHERE true "
    "ON CONFLICT (offer_id, warehouse_id) DO UPDATE SET quantity = excluded.quantity"
)
QUANTITY = Decimal("0.001")
KOPECK_PLACES = Decimal("0.01")
MAX_PRICE = Decimal(10) ** 12  # catalog_price.amount is NUMERIC(14, 2)
MAX_QUANTITY = Decimal(10) ** 11  # catalog_stocklevel.quantity is NUMERIC(14, 3)
PRICE_COLUMNS = ("offer_id", "price_type_id", "amount", "currency")
STOCK_COLUMNS = ("offer_id", "warehouse_id", "quantity")
TABLES = ("catalog_offer", "catalog_price", "catalog_stocklevel")
OUTCOMES = ("created", "updated", "unchanged", "withdrawn")


class OfferWriter:
    def __init__(
        self,
        sql: Sql,
        lookups: Lookups,
        report: Report,
        *,
        seen: set[str],
        inserted_products: dict[str, int],
    ):
        self.sql = sql
        self.lookups = lookups
        self.report = report
        self.seen = seen  # products listed in this run, shared with the product writer
        self.inserted_products = inserted_products  # first import: 1C id → id, this run's
        self.written: set[str] = set()  # first import: the offers this run has written
        self.pending: set[str] = set()  # staged, not merged yet

    def write(self, batch: list[UnreadOffer], *, file: str) -> None:
        items: dict[str, UnreadOffer] = {}
        for item in batch:
            if not item.external_id:
                self.report.error("У предложения нет «Ид» — пропущено.", file=file, line=item.line)
            elif self.report.id_fits(
                item.external_id, "«Ид» предложения", "пропущено", file=file, line=item.line
            ):
                items[item.external_id] = item
        if not items:
            return
        if not self.pending.isdisjoint(items):
            self.merge()  # the same offer twice in one file: the later one wins
        # A first import holds only what this run has written: no need to ask for the rest.
        known = [ext for ext in items if ext in self.written] if self.sql.first else items
        if self.sql.first:
            self.written.update(items)
        existing = {
            ext: (pk, old_hash, bool(active))
            for ext, pk, old_hash, active in self.sql.select_in(
                "SELECT external_id, id, content_hash, is_active FROM catalog_offer "
                "WHERE external_id IN ({})",
                list(known),
            )
        }
        if self.sql.first and not existing:
            self.insert(items, file)
            return
        offers: dict[str, OfferRecord] = {}
        unchanged = prices = stock = 0
        for ext, item in items.items():
            old = existing.get(ext)
            if old is not None and old[1] == item.digest and old[2]:
                unchanged += 1
                self.seen.add(ext.split("#", 1)[0])  # a product still offered is still listed
                price_count, stock_count = item.row_counts()
                prices += price_count
                stock += stock_count
            else:
                offers[ext] = item.record()
        self.report.add("offers", "unchanged", unchanged)
        self.report.add("prices", "unchanged", prices)
        self.report.add("stock", "unchanged", stock)
        if not offers:
            if not self.sql.postgres:
                self.merge()
            return
        products = self.product_ids(offers.values())
        failed: set[str] = set()  # offers with a skipped price or stock row
        touched: set[str] = set()  # offers whose prices or stock this batch changes
        self.write_prices(offers, existing, file, failed, touched)
        self.write_stock(offers, existing, file, failed, touched)
        self.write_offers(offers, items, existing, products, failed)
        cleared = [
            ext
            for ext in touched
            if not offers[ext].has_body and ext in existing and existing[ext][1]
        ]
        self.sql.execute_in(
            "UPDATE catalog_offer SET content_hash = '' WHERE external_id IN ({})", cleared
        )
        self.pending.update(offers)
        if not self.sql.postgres:
            self.merge()

    def merge(self) -> None:
        with self.sql.bulk_load(TABLES, self.sql.staged("offer")):
            self.sql.merge("offer", UPSERT_OFFERS)
            self.sql.merge("price", UPSERT_PRICES)
            self.sql.merge("stock", UPSERT_STOCK)
        self.pending.clear()

    def insert(self, items: dict[str, UnreadOffer], file: str) -> None:
        """First import, a batch of new offers: straight into the catalog with their prices
        and stock (``insert_rows``, on the lane while it runs: this thread reads on)."""
        offers = {ext: item.record() for ext, item in items.items()}
        products = self.product_ids(offers.values())
        failed: set[str] = set()
        prices = self.wanted_prices(offers, file, failed)
        stock = self.wanted_stock(offers, file, failed)
        rows = []
        for ext, offer in offers.items():
            product_id = products[offer.product_external_id]
            if not offer.has_body:  # prices/rests only: the offer exists, no more
                rows.append((ext, product_id, "", "", "{}", True, ""))
                continue
            digest = "" if ext in failed else items[ext].digest
            characteristics = (
                json.dumps(offer.characteristics, ensure_ascii=False)
                if offer.characteristics
                else "{}"
            )
            rows.append(
                (ext, product_id, offer.name, offer.article, characteristics, offer.is_active,
                 digest)
            )  # fmt: skip
        self.report.add("offers", "created", len(rows))
        self.report.add("prices", "created", len(prices))
        self.report.add("stock", "created", len(stock))
        self.sql.send(partial(self.insert_rows, rows, prices, stock))

    def insert_rows(self, rows: list[tuple], prices: dict, stock: dict) -> None:
        """The offers under ids taken first, then their prices and stock naming them."""
        ids = dict(
            zip(
                [row[0] for row in rows],
                self.sql.new_ids("catalog_offer", len(rows)),
                strict=True,
            )
        )
        self.sql.insert(
            "catalog_offer", ("id", *OFFER_COLUMNS), [(ids[row[0]], *row) for row in rows]
        )
        self.sql.insert(
            "catalog_price",
            PRICE_COLUMNS,
            [(ids[ext], key, *value) for (ext, key), value in prices.items()],
        )
        self.sql.insert(
            "catalog_stocklevel",
            STOCK_COLUMNS,
            [(ids[ext], key, *value) for (ext, key), value in stock.items()],
        )

    def product_ids(self, offers) -> dict[str, int]:
        wanted = {o.product_external_id: o for o in offers}
        inserted = self.inserted_products
        ids = {ext: inserted[ext] for ext in wanted if ext in inserted}
        ids.update(
            self.sql.select_in(
                "SELECT external_id, id FROM catalog_product WHERE external_id IN ({})",
                [ext for ext in wanted if ext not in ids],
            )
        )
        self.seen.update(wanted)  # a product still offered is still listed
        missing = [wanted[ext] for ext in wanted if ext not in ids]
        if missing:
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            self.report.add("products", "created", len(missing))
            if self.sql.first:  # under ids of its own, as the product writer's
                new = dict(
                    zip(
                        [o.product_external_id for o in missing],
                        self.sql.new_ids("catalog_product", len(missing)),
                        strict=True,
                    )
                )
                self.sql.insert(
                    "catalog_product",
                    ("id", *PRODUCT_COLUMNS),
                    [(new[o.product_external_id], *stand_in_product(o, now)) for o in missing],
                )
                inserted.update(new)
                ids.update(new)
                return ids
            self.sql.insert(
                "catalog_product",
                PRODUCT_COLUMNS,
                [stand_in_product(o, now) for o in missing],
            )
            ids.update(
                self.sql.select_in(
                    "SELECT external_id, id FROM catalog_product WHERE external_id IN ({})",
                    [o.product_external_id for o in missing],
                )
            )
        return ids

    def write_offers(
        self,
        offers: dict[str, OfferRecord],
        items: dict[str, UnreadOffer],
        existing: dict,
        products: dict[str, int],
        failed: set[str],
    ) -> None:
        before = self.old_fields([ext for ext, o in offers.items() if o.has_body], existing)
        counts = dict.fromkeys(OUTCOMES, 0)
        rows = []
        for ext, offer in offers.items():
            old = existing.get(ext)
            if not offer.has_body:  # prices/rests only: make sure the offer exists, no more
                if old is None:
                    rows.append((ext, offer.product_external_id, "", "", "{}", True, ""))
                counts["created" if old is None else "unchanged"] += 1
                continue
            fields = (
                products[offer.product_external_id],
                offer.name,
                offer.article,
                offer.characteristics,
                offer.is_active,
            )
            if old is None:
                counts["created"] += 1
            elif before[ext] == fields:
                counts["unchanged"] += 1
            else:
                counts["withdrawn" if old[2] and not offer.is_active else "updated"] += 1
            digest = "" if ext in failed else items[ext].digest
            if old is not None and old[1] == digest and before[ext] == fields:
                continue  # nothing to write: the element is the same, only the offer was off sale
            rows.append(
                (
                    ext,
                    offer.product_external_id,
                    offer.name,
                    offer.article,
                    json.dumps(offer.characteristics, ensure_ascii=False),
                    offer.is_active,
                    digest,
                )
            )
        for outcome, number in counts.items():
            self.report.add("offers", outcome, number)
        self.sql.stage("offer", STAGE_OFFER, rows)

    def old_fields(self, externals: list[str], existing: dict) -> dict[str, tuple]:
        """What the changed offers hold now, to tell an updated offer from one whose prices or
        stock alone changed."""
        known = [ext for ext in externals if ext in existing]
        return {
            ext: (product_id, name, article, as_dict(characteristics), bool(active))
            for ext, product_id, name, article, characteristics, active in self.sql.select_in(
                "SELECT external_id, product_id, name, article, characteristics, is_active "
                "FROM catalog_offer WHERE external_id IN ({})",
                known,
            )
        }

    def write_prices(
        self, offers: dict[str, OfferRecord], existing: dict, file: str, failed, touched
    ) -> None:
        wanted = self.wanted_prices(offers, file, failed)
        old = self.old_rows(
            "SELECT o.external_id, r.price_type_id, r.amount, r.currency FROM catalog_price r "
            "JOIN catalog_offer o ON o.id = r.offer_id WHERE o.external_id IN ({})",
            wanted,
            existing,
        )
        current = {key: (round_money(to_decimal(str(a))), c) for key, (a, c) in old.items()}
        rows = self.diff("prices", wanted, current, touched)
        self.sql.stage("price", STAGE_PRICE, [(*key, *value) for key, value in rows])

    def wanted_prices(
        self, offers: dict[str, OfferRecord], file: str, failed: set[str]
    ) -> dict[tuple[str, int], tuple[Decimal, str]]:
        """(offer, price type) → (amount, currency) of every valid price; the others are
        reported with their line, and their offer noted in ``failed``."""
        wanted: dict[tuple[str, int], tuple[Decimal, str]] = {}
        # The usual price, of a known type and a number not below zero, takes the short way:
        # a known type's id has been checked, and the messages below are not written for it.
        known = self.lookups.price_types
        for ext, offer in offers.items():
            for price in offer.prices:
                type_id = known.get(price.price_type_external_id or None)
                if type_id is not None:
                    try:
                        amount = money(price.amount)
                    except ValueError:
                        amount = None  # reported below
                    if amount is not None and amount >= 0:
                        wanted[(ext, type_id)] = (amount, price.currency)
                        continue
                try:
                    amount = money(price.amount)
                except ValueError:
                    self.report.error(
                        f"Предложение «{ext}»: цена «{price.amount}» не число — цена пропущена.",
                        file=file,
                        line=offer.line,
                    )
                    failed.add(ext)
                    continue
                if amount < 0 or not price.price_type_external_id:
                    self.report.error(
                        f"Предложение «{ext}»: цена «{price.amount}» без типа цен или "
                        "отрицательная — цена пропущена.",
                        file=file,
                        line=offer.line,
                    )
                    failed.add(ext)
                    continue
                if not self.report.id_fits(
                    price.price_type_external_id,
                    f"Предложение «{ext}»: «Ид» типа цен",
                    "цена пропущена",
                    file=file,
                    line=offer.line,
                ):
                    failed.add(ext)
                    continue
                type_id = price_type_id(price.price_type_external_id, self.lookups, self.report)
                wanted[(ext, type_id)] = (amount, price.currency)
        return wanted

    def write_stock(
        self, offers: dict[str, OfferRecord], existing: dict, file: str, failed, touched
    ) -> None:
        wanted = self.wanted_stock(offers, file, failed)
        old = self.old_rows(
            "SELECT o.external_id, r.warehouse_id, r.quantity FROM catalog_stocklevel r "
            "JOIN catalog_offer o ON o.id = r.offer_id WHERE o.external_id IN ({})",
            wanted,
            existing,
        )
        current = {key: (to_decimal(str(q)).quantize(QUANTITY),) for key, (q,) in old.items()}
        rows = self.diff("stock", wanted, current, touched)
        self.sql.stage("stock", STAGE_STOCK, [(*key, *value) for key, value in rows])

    def wanted_stock(
        self, offers: dict[str, OfferRecord], file: str, failed: set[str]
    ) -> dict[tuple[str, int], tuple[Decimal]]:
        """(offer, warehouse) → (quantity,) of every valid stock row, as ``wanted_prices``."""
        wanted: dict[tuple[str, int], tuple[Decimal]] = {}
        known = self.lookups.warehouses  # as in wanted_prices: a known warehouse's is checked
        for ext, offer in offers.items():
            for store_ext, quantity in offer.stock:
                store_id = known.get(store_ext or None)
                if store_id is not None:
                    try:
                        wanted[(ext, store_id)] = (stock_quantity(quantity),)
                        continue
                    except ValueError:
                        pass  # reported below
                try:
                    amount = stock_quantity(quantity)
                except ValueError:
                    self.report.error(
                        f"Предложение «{ext}»: остаток «{quantity}» не число — пропущен.",
                        file=file,
                        line=offer.line,
                    )
                    failed.add(ext)
                    continue
                if not store_ext:
                    continue
                if not self.report.id_fits(
                    store_ext,
                    f"Предложение «{ext}»: «Ид» склада",
                    "остаток пропущен",
                    file=file,
                    line=offer.line,
                ):
                    failed.add(ext)
                    continue
                store_id = warehouse_id(store_ext, self.lookups, self.report)
                wanted[(ext, store_id)] = (amount,)
        return wanted

    def old_rows(self, sql: str, wanted: dict, existing: dict) -> dict[tuple[str, int], tuple]:
        """The rows now held by the offers of ``wanted`` that exist (a new offer has none)."""
        known = sorted({ext for ext, _ in wanted if ext in existing})
        return {(ext, key): rest for ext, key, *rest in self.sql.select_in(sql, known)}

    def diff(self, kind: str, wanted: dict, existing: dict, touched: set[str]) -> list:
        counts = dict.fromkeys(OUTCOMES, 0)
        rows = []
        for key, value in wanted.items():
            old = existing.get(key)
            if old == value:
                counts["unchanged"] += 1
                continue
            counts["created" if old is None else "updated"] += 1
            rows.append((key, value))
            touched.add(key[0])
        for outcome, number in counts.items():
            self.report.add(kind, outcome, number)
        return rows


@lru_cache(maxsize=8192)
def money(value: str) -> Decimal:
    """A price as written → kopecks; cached, since a catalog repeats its prices a lot.
    ValueError for what is not a number or does not fit the column (NUMERIC(14, 2))."""
    try:  # the usual "15400.50": no need for to_decimal's clean-up of spaces and commas
        number = Decimal(value)
    except (ArithmeticError, TypeError):
        return _fitting(value, places=KOPECK_PLACES, limit=MAX_PRICE)
    if number.is_finite() and abs(number) < MAX_PRICE:
        return round_money(number)
    return _fitting(value, places=KOPECK_PLACES, limit=MAX_PRICE)  # says what is wrong


@lru_cache(maxsize=8192)
def stock_quantity(value: str) -> Decimal:
    return _fitting(value, places=QUANTITY, limit=MAX_QUANTITY)


def _fitting(value: str, *, places: Decimal, limit: Decimal) -> Decimal:
    try:
        number = to_decimal(value)
        if abs(number) >= limit:
            raise ValueError(f"слишком большое число: {value!r}")
        return round_money(number) if places == KOPECK_PLACES else number.quantize(places)
    except ArithmeticError:  # decimal.InvalidOperation: more digits than the context holds
        raise ValueError(f"не число: {value!r}") from None


def as_dict(value) -> dict:
    """A JSON column as read by a raw cursor: text on SQLite, already a dict on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


def stand_in_product(offer: OfferRecord, now) -> tuple:
    """A product known only from its offer; the empty hash makes the catalog file update it."""
    ext = offer.product_external_id
    name = offer.name or f"Товар {ext}"
    return (ext, offer.article, "", name, "", "", None, "", "", None, "{}", offer.has_body, "", now, now, False)  # fmt: skip
