"""The whole benchmark data set on PostgreSQL, built once and reused by ``make bench``.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_big .venv/bin/python bench/dataset.py

One factory; 300 dealers with ten sub-dealers each (3,000), a legal entity and a user each;
100,000 catalog products with prices and stock; 1,000,000 orders with ~5,000,000 lines; a unit
per piece of every made-to-measure line the factory has accepted; 200,000 invoices of the
factory, with their lines, their orders and the payments that paid them. Orders and invoices
are written with COPY (units and invoice lines are derived from the lines inside PostgreSQL).

Every step counts what is there first, so a rerun after an interruption goes on where it
stopped and a complete data set costs a few counting queries. Sizes can be lowered for a
quick trial: BENCH_PRODUCTS, BENCH_ORDERS, BENCH_INVOICES.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalog_data import ensure_catalog, setup_django

PRODUCTS = int(os.getenv("BENCH_PRODUCTS", "100000"))
ORDERS = int(os.getenv("BENCH_ORDERS", "1000000"))
INVOICES = int(os.getenv("BENCH_INVOICES", "200000"))
SUBDEALERS = 10
INVOICE_BASE = 10_000_000  # explicit ids, like the orders': a rerun finds its own rows
INVOICE_CHUNK = 20_000
UNIT_CHUNK = 50_000  # orders per transaction when deriving units
HANDED = ("moderated", "in_production", "partially_shipped", "completed")
# unit status by order status: (status, weight)
UNIT_STATUSES = {
    "moderated": {"in_production": 1},
    "in_production": {"in_production": 3, "ready": 1},
    "partially_shipped": {"ready": 1, "in_delivery": 1, "at_dealer": 2},
    "completed": {"at_dealer": 1, "sold": 3},
}


def build() -> dict:
    """Build what is missing; return the orders' world (``orders_data.tree``)."""
    from orders_data import ensure_orders, tree

    started = time.perf_counter()
    world = tree(subdealers=SUBDEALERS)  # first, so that the catalog joins the same factory
    step("каталог", lambda: ensure_catalog(PRODUCTS))
    step("условия дилеров и юрлицо завода", lambda: _terms(world))
    step("конфигуратор (демо-модели)", _configurator)
    step("заказы", lambda: ensure_orders(ORDERS))
    step("изделия", lambda: _units(world))
    step("счета и оплаты", lambda: _invoices(world))
    _sequences_past_bench()
    print(f"набор данных готов за {time.perf_counter() - started:.0f} с: {summary()}", flush=True)
    return world


def step(title: str, function) -> None:
    started = time.perf_counter()
    print(f"{title}…", flush=True)
    function()
    print(f"{title}: {time.perf_counter() - started:.1f} с", flush=True)


def summary() -> str:
    from django.db import connection

    tables = {
        "организаций": "organisations_organisation",
        "товаров": "catalog_product",
        "заказов": "orders_order",
        "строк": "orders_orderline",
        "изделий": "orders_orderunit",
        "счетов": "billing_invoice",
    }
    with connection.cursor() as cursor:
        counts = []
        for title, table in tables.items():
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            counts.append(f"{title} {cursor.fetchone()[0]:,}")
    return ", ".join(counts)


def factory_entity(world: dict):
    from portal.organisations.models import LegalEntity

    entity, _ = LegalEntity.objects.get_or_create(
        organisation=world["factory"],
        inn="7700000017",
        kpp="770001001",
        defaults={"name": "АО «Бенч-завод»", "address": "г. Москва, ул. Заводская, 1"},
    )
    return entity


def _terms(world: dict) -> None:
    """Every dealer of the tree buys at the dealer price type with a discount and marks up
    for its sub-dealers, as the catalog's own bench dealer does."""
    from portal.catalog.models import PriceType
    from portal.pricing.models import DealerPriceAssignment, SubdealerMarkup

    factory_entity(world)
    _catalog_entities()
    dealer_type = PriceType.objects.get(external_id="bench-dealer")
    have = set(
        DealerPriceAssignment.objects.filter(dealer__in=world["dealers"]).values_list(
            "dealer_id", flat=True
        )
    )
    DealerPriceAssignment.objects.bulk_create(
        DealerPriceAssignment(dealer=d, price_type=dealer_type, discount_percent=Decimal(d.pk % 7))
        for d in world["dealers"]
        if d.pk not in have
    )
    marked = set(
        SubdealerMarkup.objects.filter(
            dealer__in=world["dealers"], subdealer=None, group=None
        ).values_list("dealer_id", flat=True)
    )
    SubdealerMarkup.objects.bulk_create(
        SubdealerMarkup(dealer=d, subdealer=None, group=None, percent=10 + d.pk % 10)
        for d in world["dealers"]
        if d.pk not in marked
    )


def _configurator() -> None:
    from portal.demo import configurator

    configurator.build()


def _catalog_entities() -> None:
    """The catalog bench's own dealer and sub-dealer join the same factory: the order
    generator needs a legal entity for every organisation of the tree."""
    from portal.organisations.models import LegalEntity, Organisation

    for name, inn in (("Бенч-дилер", "7700020012"), ("Бенч-субдилер", "7700020020")):
        organisation = Organisation.objects.get(name=name)
        LegalEntity.objects.get_or_create(
            organisation=organisation, defaults={"name": f"ООО «{name}»", "inn": inn}
        )


def _units(world: dict) -> None:
    """One unit per piece of each made-to-measure line of an order the factory accepted,
    derived from the lines in SQL, a range of orders per transaction (resumable)."""
    from django.db import connection, transaction
    from orders_data import BASE_ID

    from portal.orders.models import Order, OrderLine, OrderUnit

    units, lines, orders = (m._meta.db_table for m in (OrderUnit, OrderLine, Order))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(l.order_id), %s) FROM {units} u "
            f"JOIN {lines} l ON l.id = u.line_id WHERE l.order_id >= %s",
            [BASE_ID - 1, BASE_ID],
        )
        done = cursor.fetchone()[0]
        cursor.execute(f"SELECT MAX(id) FROM {orders} WHERE id < %s", [BASE_ID * 2])
        last = cursor.fetchone()[0] or 0
    status_sql = _unit_status_sql()
    for start in range(done + 1, last + 1, UNIT_CHUNK):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {units} (line_id, origin_line_id, number, quantity, status,
                        shipment_document, updated_at)
                    SELECT l.id, NULL, n, 1, {status_sql},
                           CASE WHEN o.status IN ('partially_shipped', 'completed')
                                THEN 'РН-' || o.id ELSE '' END,
                           o.updated_at
                    FROM {lines} l
                    JOIN {orders} o ON o.id = l.order_id
                    CROSS JOIN LATERAL generate_series(1, GREATEST(1, l.quantity::int)) n
                    WHERE o.id >= %s AND o.id < %s AND o.kind = 'made_to_measure'
                      AND o.status = ANY(%s)""",
                [start, start + UNIT_CHUNK, list(HANDED)],
            )
        print(f"  изделия: заказы до {min(start + UNIT_CHUNK, last + 1) - BASE_ID:,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {units}")


def _unit_status_sql() -> str:
    """A status per unit, drawn by the order's status with the weights above (hash of ids)."""
    branches = []
    for order_status, weights in UNIT_STATUSES.items():
        total = sum(weights.values())
        bound = 0
        inner = []
        for unit_status, weight in weights.items():
            bound += weight
            inner.append(f"WHEN (l.id * 7 + n) %% {total} < {bound} THEN '{unit_status}'")
        branches.append(f"WHEN o.status = '{order_status}' THEN CASE {' '.join(inner)} END")
    return f"CASE {' '.join(branches)} END"


def _invoices(world: dict) -> None:
    """INVOICES invoices of the factory, one per accepted order of a dealer (every third such
    order), each with the order's lines; most paid in full by one payment, some in part."""
    from django.db import connection
    from orders_data import BASE_ID

    from portal.billing.models import Invoice
    from portal.orders.models import Order

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {Invoice._meta.db_table} WHERE id >= %s AND id < %s",
            [INVOICE_BASE, INVOICE_BASE * 2],
        )
        have = cursor.fetchone()[0]
    if have >= INVOICES:
        return
    if have % INVOICE_CHUNK:
        sys.exit(f"Неполная порция бенч-счетов ({have}): удалите базу и начните заново.")
    orders = list(
        Order.objects.filter(
            pk__gte=BASE_ID,
            pk__lt=BASE_ID * 2,
            seller=world["factory"],
            status__in=HANDED,
        )
        .order_by("pk")
        .values_list("pk", "buyer_id", "legal_entity_id", "total", "vat_total", "submitted_at")
    )[::3][:INVOICES]
    if len(orders) < INVOICES:
        print(f"  внимание: принятых заказов дилеров хватает на {len(orders):,} счетов")
    supplier = factory_entity(world)
    for chunk_start in range(have, len(orders), INVOICE_CHUNK):
        _invoice_chunk(orders, chunk_start, supplier, world)
        print(f"  счета: {min(chunk_start + INVOICE_CHUNK, len(orders)):,}", flush=True)
    with connection.cursor() as cursor:
        for table in ("billing_invoice", "billing_payment"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            )
        for table in (
            "billing_invoice",
            "billing_invoiceline",
            "billing_invoiceorder",
            "billing_payment",
            "billing_allocation",
            "orders_order",  # its paid part was just written: 200,000 dead rows otherwise
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _invoice_chunk(orders: list, chunk_start: int, supplier, world: dict) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from orders_data import _copy

    from portal.billing.models import Allocation, Invoice, InvoiceLine, InvoiceOrder, Payment

    rng = random.Random(chunk_start)
    now = timezone.now()
    invoices, links, payments, allocations = [], [], [], []
    for k in range(chunk_start, min(chunk_start + INVOICE_CHUNK, len(orders))):
        order_id, _, entity_id, total, vat, submitted = orders[k]
        invoice_id = INVOICE_BASE + k
        date = (submitted + timedelta(days=rng.randint(0, 3))).date()
        share = rng.random()
        paid = (
            total
            if share < 0.7
            else (total / 2).quantize(Decimal("0.01"))
            if share < 0.8
            else Decimal("0.00")
        )
        status = "paid" if paid == total else "partially_paid" if paid else "issued"
        invoices.append(
            {
                "id": invoice_id,
                "number": f"{k + 1:07d}",
                "year": date.year,
                "date": date,
                "due_date": date + timedelta(days=10),
                "supplier_id": supplier.pk,
                "buyer_id": entity_id,
                "source": "portal",
                "external_id": "",
                "status": status,
                "vat_total": vat,
                "total": total,
                "paid_amount": paid,
                "issued_by_id": None,
                "cancelled_at": None,
                "cancel_reason": "",
                "created_at": now,
            }
        )
        links.append(
            {"invoice_id": invoice_id, "order_id": order_id, "amount": total, "paid_amount": paid}
        )
        if paid:
            payments.append(
                {
                    "id": invoice_id,
                    "date": date + timedelta(days=rng.randint(1, 9)),
                    "amount": paid,
                    "number": str(k + 1),
                    "payer_id": entity_id,
                    "source": "bank_statement",
                    "external_id": f"bench-{k}",
                    "purpose": f"Оплата по счёту № {k + 1:07d}",
                    "status": "received",
                    "registered_by_id": None,
                    "reversed_at": None,
                    "reversal_reason": "",
                    "created_at": now,
                }
            )
            allocations.append(
                {
                    "payment_id": invoice_id,
                    "invoice_id": invoice_id,
                    "amount": paid,
                    "created_at": now,
                }
            )
    first, last = INVOICE_BASE + chunk_start, INVOICE_BASE + chunk_start + INVOICE_CHUNK
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        _copy(raw, Invoice._meta.db_table, columns(Invoice, keep_id=True), invoices)
        _copy(raw, InvoiceOrder._meta.db_table, columns(InvoiceOrder), links)
        _copy(raw, Payment._meta.db_table, columns(Payment, keep_id=True), payments)
        _copy(raw, Allocation._meta.db_table, columns(Allocation), allocations)
        cursor.execute(
            f"""INSERT INTO {InvoiceLine._meta.db_table} (invoice_id, position, order_line_id,
                    name, article, unit, quantity, price, vat_rate, vat_amount, total)
                SELECT io.invoice_id, l.position, l.id, l.name, l.article, l.unit, l.quantity,
                       l.unit_price, l.vat_rate, l.vat_amount, l.line_total
                FROM {InvoiceOrder._meta.db_table} io
                JOIN orders_orderline l ON l.order_id = io.order_id
                WHERE io.invoice_id >= %s AND io.invoice_id < %s""",
            [first, last],
        )
        # the order's stored paid part, as billing's invoice_refresh keeps it
        cursor.execute(
            f"""UPDATE orders_order o SET paid_amount = io.paid_amount
                FROM {InvoiceOrder._meta.db_table} io
                WHERE io.order_id = o.id AND io.invoice_id >= %s AND io.invoice_id < %s""",
            [first, last],
        )


def _sequences_past_bench() -> None:
    """New orders, invoices and payments (the load test makes them) get ids above the bench's
    ranges, so that counting the bench's rows on a rerun still finds whole chunks."""
    from django.db import connection
    from orders_data import BASE_ID

    with connection.cursor() as cursor:
        for table, base in (
            ("orders_order", BASE_ID),
            ("billing_invoice", INVOICE_BASE),
            ("billing_payment", INVOICE_BASE),
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {table}), %s))",
                [base * 2],
            )


def columns(model, *, keep_id: bool = False) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if keep_id or f.column != "id"]


def main() -> None:
    setup_django()
    build()


if __name__ == "__main__":
    main()
