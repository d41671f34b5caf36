"""A generated catalog for the benchmarks: groups, properties, products with offers, two price
types, stock in three warehouses, and a factory → dealer → sub-dealer tree with terms.

``setup_django()`` first: it points Django at BENCH_DATABASE_URL (or DATABASE_URL) with
production-like settings, then ``ensure_catalog(n)`` builds the catalog once (reruns reuse it).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "bench-"
KINDS = [
    ("Окна ПВХ", "Окно ПВХ", "OK"),
    ("Двери входные", "Дверь входная", "DV"),
    ("Двери межкомнатные", "Дверь межкомнатная", "DM"),
    ("Стеклопакеты", "Стеклопакет", "SP"),
    ("Подоконники", "Подоконник", "PD"),
    ("Фурнитура", "Ручка оконная", "FR"),
    ("Москитные сетки", "Москитная сетка", "MS"),
    ("Отливы", "Отлив оцинкованный", "OT"),
    ("Балконные блоки", "Балконная дверь", "BB"),
    ("Откосы", "Откос сэндвич", "OS"),
]
SERIES = ["Комфорт", "Премиум", "Эконом", "Термо", "Стандарт", "Люкс", "Норд", "Классик"]
COLOURS = ["Белый", "Дуб золотой", "Орех", "Антрацит", "Махагон", "Серый", "Венге", "Бежевый"]


def setup_django() -> None:
    url = os.getenv("BENCH_DATABASE_URL") or os.getenv("DATABASE_URL")
    if not url or not url.startswith("postgres"):
        sys.exit("Укажите BENCH_DATABASE_URL (или DATABASE_URL) базы PostgreSQL для замеров.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("SITE_HTTPS", "0")
    os.environ.setdefault("STATIC_MANIFEST", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def ensure_catalog(count: int) -> dict:
    """Build ``count`` products unless they exist; return the bench's organisations."""
    from portal.catalog.models import Product

    organisations = _organisations()
    have = Product.objects.filter(external_id__startswith=PREFIX).count()
    if have < count:
        _generate(count, start=have)
        _vacuum()
    return organisations


def _vacuum() -> None:
    """Flush the GIN indexes' pending lists and refresh statistics, as autovacuum would in
    production (this machine's PostgreSQL runs with autovacuum off)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _organisations() -> dict:
    from portal.accounts.models import User
    from portal.organisations.models import Organisation, OrganisationKind

    factory = Organisation.objects.filter(kind=OrganisationKind.FACTORY).first()
    if factory is None:
        factory = Organisation.objects.create(kind=OrganisationKind.FACTORY, name="Завод")
    dealer, _ = Organisation.objects.get_or_create(
        kind=OrganisationKind.DEALER, parent=factory, name="Бенч-дилер"
    )
    sub, _ = Organisation.objects.get_or_create(
        kind=OrganisationKind.SUBDEALER, parent=dealer, name="Бенч-субдилер"
    )
    users = {}
    for key, organisation in (("dealer", dealer), ("subdealer", sub)):
        email = f"bench-{key}@example.com"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email, password=None, organisation=organisation, role="admin"
            )
        users[key] = user
    return {"factory": factory, "dealer": dealer, "subdealer": sub, "users": users}


def _generate(count: int, *, start: int) -> None:
    from decimal import Decimal

    from django.db import transaction

    from portal.catalog.models import (
        Offer,
        Price,
        PriceType,
        Product,
        ProductGroup,
        ProductPropertyValue,
        Property,
        PropertyChoice,
        StockLevel,
        Warehouse,
    )
    from portal.pricing.models import DealerPriceAssignment, SubdealerMarkup

    rng = random.Random(start)
    with transaction.atomic():
        retail, _ = PriceType.objects.get_or_create(
            external_id=f"{PREFIX}retail", defaults={"name": "Розничная"}
        )
        dealer_type, _ = PriceType.objects.get_or_create(
            external_id=f"{PREFIX}dealer", defaults={"name": "Дилерская"}
        )
        warehouses = [
            Warehouse.objects.get_or_create(external_id=f"{PREFIX}w{i}", defaults={"name": name})[0]
            for i, name in enumerate(["Москва", "Казань", "Новосибирск"])
        ]
        colour, _ = Property.objects.get_or_create(
            external_id=f"{PREFIX}colour", defaults={"name": "Цвет", "value_type": "reference"}
        )
        choices = [
            PropertyChoice.objects.get_or_create(
                property=colour, external_id=f"{PREFIX}c{i}", defaults={"value": value}
            )[0]
            for i, value in enumerate(COLOURS)
        ]
        series, _ = Property.objects.get_or_create(
            external_id=f"{PREFIX}series", defaults={"name": "Серия"}
        )
        groups = []
        for index, (title, _, _) in enumerate(KINDS):
            top, _ = ProductGroup.objects.get_or_create(
                external_id=f"{PREFIX}g{index}", defaults={"name": title}
            )
            top.path = f"/{top.pk}/"
            top.save(update_fields=["path"])
            for sub_index, name in enumerate(SERIES):
                sub, _ = ProductGroup.objects.get_or_create(
                    external_id=f"{PREFIX}g{index}-{sub_index}",
                    defaults={"name": f"{title} {name}", "parent": top},
                )
                sub.path = f"/{top.pk}/{sub.pk}/"
                sub.save(update_fields=["path"])
                groups.append((index, sub_index, sub))
        organisations = _organisations()
        DealerPriceAssignment.objects.get_or_create(
            dealer=organisations["dealer"],
            defaults={"price_type": dealer_type, "discount_percent": Decimal("3")},
        )
        SubdealerMarkup.objects.get_or_create(
            dealer=organisations["dealer"], subdealer=None, group=None, defaults={"percent": 12}
        )
    batch = 5000
    for offset in range(start, count, batch):
        with transaction.atomic():
            products = []
            for i in range(offset, min(offset + batch, count)):
                kind_index, series_index, group = groups[i % len(groups)]
                _, noun, code = KINDS[kind_index]
                width = rng.randrange(400, 2400, 10)
                height = rng.randrange(400, 2400, 10)
                products.append(
                    Product(
                        external_id=f"{PREFIX}{i}",
                        article=f"{code}-{i:06d}",
                        name=f"{noun} {SERIES[series_index]} {width}×{height} {rng.choice(COLOURS).lower()}",
                        group=group,
                        vat_rate=Decimal("20"),
                        is_new=rng.random() < 0.02,
                    )
                )
            products = Product.objects.bulk_create(products)
            offers = Offer.objects.bulk_create(
                [
                    Offer(external_id=p.external_id, product=p, name=p.name, article=p.article)
                    for p in products
                ]
            )
            prices = []
            stock = []
            values = []
            for offer, product in zip(offers, products, strict=True):
                amount = Decimal(rng.randrange(50000, 15000000)) / 100
                prices.append(Price(offer=offer, price_type=retail, amount=amount))
                prices.append(
                    Price(
                        offer=offer,
                        price_type=dealer_type,
                        amount=(amount * Decimal("0.8")).quantize(Decimal("0.01")),
                    )
                )
                for warehouse in warehouses:
                    if rng.random() < 0.3:
                        stock.append(
                            StockLevel(
                                offer=offer, warehouse=warehouse, quantity=rng.randrange(1, 50)
                            )
                        )
                values.append(
                    ProductPropertyValue(
                        product=product, property=colour, choice=rng.choice(choices)
                    )
                )
                values.append(
                    ProductPropertyValue(
                        product=product, property=series, value_text=product.name.split()[2]
                    )
                )
            Price.objects.bulk_create(prices, batch_size=batch)
            StockLevel.objects.bulk_create(stock, batch_size=batch)
            ProductPropertyValue.objects.bulk_create(values, batch_size=batch)
        print(f"  создано товаров: {min(offset + batch, count)}", flush=True)
    from django.db import connection

    from portal.catalog.list_prices import refresh_list_prices

    refresh_list_prices()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
