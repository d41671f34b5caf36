"""Generated orders for the benchmarks: ~300 dealers (one of them big), sub-dealers under each
(``tree(subdealers=…)``, two by default; ``bench/dataset.py`` asks for ten),
N orders and ~5 lines per order, written with COPY (psycopg 3) in chunks.

Resumable: every chunk of ``CHUNK`` orders is one transaction with ids from ``BASE_ID`` on, so
a rerun counts the bench orders already there and goes on from the next chunk. The marker is
the factory named ``MARKER``; orders of that tree are the bench's and nothing else is touched.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

MARKER = "Бенч-завод заказов"
DEALERS = 300
SUBDEALERS = 2  # per dealer, when the tree is first created
BIG_SHARE = 0.05  # the first dealer places 5 % of all orders: lists deeper than 10,000 rows
BASE_ID = 10_000_000
CHUNK = 20_000
LINES_PER_ORDER = 5
START = datetime(2021, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 5 * 365 * 24 * 3600

# status: weight (old orders are mostly done)
STATUSES = {
    "completed": 55,
    "cancelled": 6,
    "rejected": 3,
    "partially_shipped": 5,
    "in_production": 8,
    "moderated": 5,
    "confirmed": 5,
    "awaiting_answer": 3,
    "on_moderation": 7,
    "draft": 3,
}
KINDS = {"standard": 60, "from_stock": 15, "made_to_measure": 20, "complaint": 5}
HANDED = {"moderated", "in_production", "partially_shipped", "completed"}
PRODUCTS = ["Окно ПВХ", "Дверь входная", "Дверь межкомнатная", "Подоконник", "Отлив", "Сетка"]


def tree(subdealers: int = SUBDEALERS) -> dict:
    """The factory, dealers with a manager each, ``subdealers`` sub-dealers per dealer, their
    legal entities and users (created once: a later call returns the tree as it is)."""
    from django.db import transaction
    from django.db.models import Q

    from portal.accounts.models import User
    from portal.organisations.models import LegalEntity, Organisation, OrganisationKind

    factory = Organisation.objects.filter(kind=OrganisationKind.FACTORY, name=MARKER).first()
    if factory is None:
        with transaction.atomic():
            factory = Organisation.objects.create(kind=OrganisationKind.FACTORY, name=MARKER)
            managers = [
                User.objects.create_user(
                    f"bench-orders-manager{m}@example.com",
                    None,
                    full_name=f"Менеджер {m}",
                    organisation=factory,
                    role="manager",
                )
                for m in range(10)
            ]
            User.objects.create_user(
                "bench-orders-admin@example.com",
                None,
                full_name="Админ завода",
                organisation=factory,
                role="admin",
            )
            for d in range(DEALERS):
                dealer = Organisation.objects.create(
                    kind=OrganisationKind.DEALER,
                    parent=factory,
                    name=f"Дилер {d + 1:03d}",
                    manager=managers[d % len(managers)],
                )
                for s in range(subdealers):
                    Organisation.objects.create(
                        kind=OrganisationKind.SUBDEALER,
                        parent=dealer,
                        name=f"Субдилер {d + 1:03d}-{s + 1}",
                    )
            tree_orgs = Organisation.objects.filter(Q(parent=factory) | Q(parent__parent=factory))
            for org in tree_orgs:
                LegalEntity.objects.create(
                    organisation=org, name=f"ООО «{org.name}»", inn="", kpp=""
                )
                User.objects.create_user(
                    f"bench-orders-{org.pk}@example.com",
                    None,
                    full_name=f"Автор {org.name}",
                    organisation=org,
                    role="admin",
                )
    dealers = list(
        Organisation.objects.filter(parent=factory, kind=OrganisationKind.DEALER).order_by("pk")
    )
    subs = {}
    for sub in Organisation.objects.filter(parent__in=dealers).order_by("pk"):
        subs.setdefault(sub.parent_id, []).append(sub)
    orgs = [*dealers, *(s for group in subs.values() for s in group)]
    entity = dict(
        LegalEntity.objects.filter(organisation__in=orgs).values_list("organisation_id", "pk")
    )
    author = dict(User.objects.filter(organisation__in=orgs).values_list("organisation_id", "pk"))
    return {
        "factory": factory,
        "dealers": dealers,
        "subs": subs,
        "entity": entity,
        "author": author,
    }


def bench_order_count(world: dict) -> int:
    from portal.orders.models import Order

    return Order.objects.filter(pk__gte=BASE_ID, pk__lt=BASE_ID * 2).count()


def ensure_orders(count: int) -> dict:
    """At least ``count`` bench orders (a multiple of CHUNK), generating what is missing."""
    world = tree()
    have = bench_order_count(world)
    if have % CHUNK:
        sys.exit(f"Неполная порция бенч-заказов ({have}): удалите базу и начните заново.")
    if have < count:
        started = time.perf_counter()
        for chunk in range(have // CHUNK, -(-count // CHUNK)):
            _write_chunk(world, chunk, count)
            done = (chunk + 1) * CHUNK
            rate = (done - have) / (time.perf_counter() - started)
            print(f"  заказов: {done:>9,} из {count:,} ({rate:,.0f}/с)", flush=True)
        _finish()
    return world


def _weighted(rng: random.Random, table: dict) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _write_chunk(world: dict, chunk: int, count: int) -> None:
    from django.db import connection, transaction

    from portal.orders.models import Order, OrderLine

    rng = random.Random(chunk)
    factory = world["factory"]
    dealers = world["dealers"]
    order_columns = [f.column for f in Order._meta.concrete_fields]
    line_columns = [f.column for f in OrderLine._meta.concrete_fields if f.column != "id"]
    orders, lines = [], []
    for k in range(chunk * CHUNK, (chunk + 1) * CHUNK):
        dealer = dealers[0] if rng.random() < BIG_SHARE else rng.choice(dealers)
        sub_order = rng.random() < 0.15
        buyer = rng.choice(world["subs"][dealer.pk]) if sub_order else dealer
        seller = dealer if sub_order else factory
        status = _weighted(rng, STATUSES)
        created = START + timedelta(seconds=SPAN_SECONDS * k / max(count, CHUNK))
        created += timedelta(seconds=rng.randrange(0, 600))
        submitted = (
            None if status == "draft" else created + timedelta(minutes=rng.randrange(1, 900))
        )
        number = None
        if submitted is not None:
            number = f"{submitted.year}-{k % 1_000_000:06d}"
        total = Decimal(0)
        vat = Decimal(0)
        order_id = BASE_ID + k
        for position in range(1, rng.randint(1, 2 * LINES_PER_ORDER - 1) + 1):
            quantity = rng.randint(1, 6)
            price = Decimal(rng.randrange(50_000, 6_000_000)) / 100
            line_total = price * quantity
            line_vat = (line_total * 20 / 120).quantize(Decimal("0.01"))
            total += line_total
            vat += line_vat
            name = rng.choice(PRODUCTS)
            lines.append(
                {
                    "order_id": order_id,
                    "position": position,
                    "offer_id": None,
                    "configuration": None,
                    "name": f"{name} {rng.randrange(400, 2400, 10)}×{rng.randrange(400, 2400, 10)}",
                    "article": f"A-{rng.randrange(100000):05d}",
                    "unit": "шт",
                    "quantity": quantity,
                    "unit_price": price,
                    "discount_percent": Decimal(0),
                    "vat_rate": Decimal(20),
                    "vat_amount": line_vat,
                    "line_total": line_total,
                    "price_steps": "[]",
                    "source_line_id": None,
                }
            )
        handed = status in HANDED
        orders.append(
            {
                "id": order_id,
                "number": number,
                "factory_number": f"ЗК-{k:07d}" if handed and not sub_order else "",
                "kind": _weighted(rng, KINDS),
                "status": status,
                "buyer_id": buyer.pk,
                "seller_id": seller.pk,
                "legal_entity_id": world["entity"][buyer.pk],
                "author_id": world["author"][buyer.pk],
                "for_subdealer_id": (
                    rng.choice(world["subs"][dealer.pk]).pk
                    if not sub_order and rng.random() < 0.1
                    else None
                ),
                "desired_delivery_date": (created + timedelta(days=rng.randint(7, 40))).date(),
                "planned_delivery_date": (
                    (created + timedelta(days=rng.randint(10, 50))).date() if handed else None
                ),
                "colour": "",
                "buyer_notes": "",
                "manager_notes": "",
                "rejection_reason": "Нет в производстве" if status == "rejected" else "",
                "subtotal": total - vat,
                "vat_total": vat,
                "total": total,
                "paid_amount": Decimal(0),  # invoices come later (bench/dataset.py)
                "created_at": created,
                "updated_at": submitted or created,
                "submitted_at": submitted,
                "confirmed_at": submitted if handed else None,
                "handed_to_1c_at": submitted if handed else None,
                "version": 1,
                "bundled_into_id": None,
            }
        )
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3
        _copy(raw, Order._meta.db_table, order_columns, orders)
        _copy(raw, OrderLine._meta.db_table, line_columns, lines)


def _copy(raw, table: str, columns: list[str], rows: list[dict]) -> None:
    names = ", ".join(columns)
    with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


def _finish() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('orders_order', 'id'), "
            "(SELECT MAX(id) FROM orders_order))"
        )
        cursor.execute("VACUUM ANALYZE orders_order")
        cursor.execute("VACUUM ANALYZE orders_orderline")
        cursor.execute("ANALYZE")  # the small tables too: the joins' plans need their sizes
