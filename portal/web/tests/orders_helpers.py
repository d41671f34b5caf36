"""A small priced catalog and orders driven through the services, for the order pages' tests."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps

from portal.catalog.models import Offer
from portal.catalog.tests import builders
from portal.orders import services
from portal.orders.models import Order, OrderKind
from portal.pricing.models import SubdealerMarkup

FACTORY_WINDOW_PRICE = "4321.87"  # distinctive: must never reach a sub-dealer's page


@dataclass
class Shop:
    door: Offer  # 10 000,00 ₽ at the factory's base price
    window: Offer  # 4 321,87 ₽
    fitting: Offer  # 150,50 ₽


def build_shop() -> Shop:
    base = builders.price_type("Оптовая")
    group = builders.group("Двери и окна")
    return Shop(
        door=builders.product(
            "Дверь «Классик»", group=group, prices={base: "10000"}, article="DV-100"
        ),
        window=builders.product(
            "Окно ПВХ 1200×1400",
            group=group,
            prices={base: FACTORY_WINDOW_PRICE},
            article="OK-200",
        ),
        fitting=builders.product(
            "Ручка оконная", group=group, prices={base: "150.50"}, article="FT-1"
        ),
    )


def with_subdealer_markups(world) -> None:
    for dealer in (world.dealer_a, world.dealer_b):
        SubdealerMarkup.objects.create(dealer=dealer, percent=Decimal("10"))


def draft(world, who: str, items, **details) -> Order:
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


def in_production(world, items, *, who="dealer_a_employee") -> Order:
    """A made-to-measure order of dealer A, confirmed, handed to 1C and in production."""
    order = submitted(world, who, items, kind=OrderKind.MADE_TO_MEASURE)
    manager = world.actor("manager_a")
    for verb in (
        services.order_confirm,
        services.order_hand_to_1c,
        services.order_start_production,
    ):
        order = verb(actor=manager, order_id=order.pk)
    return reload(order)


def reload(order: Order) -> Order:
    return Order.objects.get(pk=order.pk)


def fingerprint() -> dict:
    """Every row of the portal's tables except the audit log: a refusal changes none of them.
    (``last_login`` is left out: the test client signing in writes it.)"""
    snapshot = {}
    for model in apps.get_models():
        if model.__module__.startswith("portal.") and model._meta.label != "audit.AuditEvent":
            rows = model.objects.order_by("pk").values()
            snapshot[model._meta.label] = [
                {k: v for k, v in row.items() if k != "last_login"} for row in rows
            ]
    return snapshot
