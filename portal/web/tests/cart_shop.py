"""A small priced catalog for the tests of the cart and of creating orders.

The factory price of the door, 913,17 ₽, and dealer A's purchase price, 867,51 ₽ (5 % off),
are planted so that a test can assert they never reach a sub-dealer's page: sub-dealer A1
pays 954,26 ₽ (its dealer's mark-up of 10 %).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.catalog.models import Offer
from portal.catalog.tests import builders
from portal.pricing.models import DealerPriceAssignment, SubdealerMarkup

FACTORY_DOOR = "913,17"
DEALER_A_DOOR = "867,51"
SUB_A1_DOOR = "954,26"


@dataclass
class Shop:
    door: Offer  # 913,17 ₽ at the factory's base price
    window: Offer  # 5 000,00 ₽
    withdrawn: Offer
    unpriced: Offer


def make_shop(world) -> Shop:
    base = builders.price_type("Оптовая")
    group = builders.group("Двери и окна")
    shop = Shop(
        door=builders.product(
            "Дверь «Классик»", group=group, prices={base: "913.17"}, article="DV-100"
        ),
        window=builders.product(
            "Окно ПВХ 1200×1400", group=group, prices={base: "5000"}, article="OK-200"
        ),
        withdrawn=builders.product(
            "Дверь снятая", group=group, prices={base: "9000"}, article="OLD-1", is_active=False
        ),
        unpriced=builders.product("Дверь без цены", group=group, article="NP-1"),
    )
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("5"))
    for dealer in (world.dealer_a, world.dealer_b):
        SubdealerMarkup.objects.create(dealer=dealer, percent=Decimal("10"))
    return shop


def page(response) -> str:
    return response.content.decode()
