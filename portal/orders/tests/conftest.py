"""A small priced catalog on top of the world, and helpers that drive orders through services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from portal.catalog.models import Offer
from portal.catalog.tests import builders
from portal.orders import services
from portal.orders.models import Order, OrderEvent, OrderLine, OrderUnit
from portal.pricing.models import SubdealerMarkup


@dataclass
class Shop:
    door: Offer  # 10 000,00 ₽ at the factory's base price
    window: Offer  # 5 000,00 ₽
    fitting: Offer  # 150,50 ₽
    withdrawn: Offer
    unpriced: Offer


@pytest.fixture
def shop(world) -> Shop:
    base = builders.price_type("Оптовая")
    group = builders.group("Двери и окна")
    shop = Shop(
        door=builders.product(
            "Дверь «Классик»", group=group, prices={base: "10000"}, article="DV-100"
        ),
        window=builders.product(
            "Окно ПВХ 1200×1400", group=group, prices={base: "5000"}, article="OK-200"
        ),
        fitting=builders.product(
            "Ручка оконная", group=group, prices={base: "150.50"}, article="FT-1"
        ),
        withdrawn=builders.product(
            "Дверь снятая", group=group, prices={base: "9000"}, article="OLD-1", is_active=False
        ),
        unpriced=builders.product("Дверь без цены", group=group, article="NP-1"),
    )
    for dealer in (world.dealer_a, world.dealer_b):
        SubdealerMarkup.objects.create(dealer=dealer, percent=Decimal("10"))
    return shop


def draft(world, who: str, items: list[tuple[Offer, str]], **details) -> Order:
    actor = world.actor(who)
    order = services.order_create(actor=actor, **details)
    for offer, quantity in items:
        services.order_add_line(
            actor=actor, order_id=order.pk, offer_id=offer.pk, quantity=quantity
        )
    return Order.objects.get(pk=order.pk)


def submitted(world, who: str, items, **details) -> Order:
    order = draft(world, who, items, **details)
    return services.order_submit(actor=world.actor(who), order_id=order.pk)


def state(order_id: int) -> tuple:
    """Everything a refused action must leave untouched."""
    return (
        list(Order.objects.filter(pk=order_id).values()),
        list(OrderLine.objects.filter(order_id=order_id).order_by("pk").values()),
        list(OrderEvent.objects.filter(order_id=order_id).order_by("pk").values()),
        list(OrderUnit.objects.of_order(Order(pk=order_id)).order_by("pk").values()),
    )


def reload(order: Order) -> Order:
    return Order.objects.get(pk=order.pk)
