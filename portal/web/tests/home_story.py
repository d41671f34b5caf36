"""A small working day for the home pages: orders in every stage, units on the road, an
overdue invoice, a partial payment and a credit limit, all made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.billing.models import CreditMode
from portal.billing.services.credit import credit_limit_set
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.billing.tests.builders import BANK, days_ago
from portal.orders import services
from portal.orders.models import Order, OrderUnit

from .orders_helpers import (
    Shop,
    build_shop,
    in_production,
    reload,
    submitted,
    with_subdealer_markups,
)


@dataclass
class Story:
    shop: Shop
    waiting: Order  # dealer A → factory, on moderation (10 000,00 ₽)
    asked: Order  # dealer A → factory, the manager asked a question
    made: Order  # dealer A → factory, in production, 2 of 5 units on the road
    stranger: Order  # dealer B → factory, on moderation
    sub_order: Order  # sub-dealer A1 → dealer A, on moderation


def orders_story(world) -> Story:
    shop = build_shop()
    with_subdealer_markups(world)
    waiting = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    asked = submitted(world, "dealer_a_employee", [(shop.fitting, "2")])
    services.order_ask_question(
        actor=world.actor("manager_a"), order_id=asked.pk, text="Какой цвет ручек?"
    )
    made = in_production(world, [(shop.window, "5")])
    _ship_two(world.actor("manager_a"), made)
    stranger = submitted(world, "dealer_b_admin", [(shop.door, "3")])
    sub_order = submitted(world, "sub_a1_admin", [(shop.fitting, "1")])
    return Story(shop, reload(waiting), reload(asked), reload(made), stranger, sub_order)


def money_story(world, story: Story) -> None:
    """The order in production invoiced 20 days ago, due 10 days ago, 1 000 ₽ of it paid;
    dealer A's limit of 5 000 ₽ (warn only) is far exceeded."""
    factory = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory, name, value)
    factory.save()
    accountant = world.actor("accountant")
    invoice_issue_for_order(
        actor=accountant, order_id=story.made.pk, on=days_ago(20), due_date=days_ago(10)
    )
    payment_register(
        actor=accountant,
        payer_id=world.legal_entities["dealer_a"].pk,
        amount=Decimal("1000.00"),
        on=days_ago(5),
    )
    credit_limit_set(
        actor=accountant,
        legal_entity_id=world.legal_entities["dealer_a"].pk,
        scope="dealer",
        amount=Decimal("5000.00"),
        mode=CreditMode.WARN,
    )


def bundled_story(world) -> tuple[Order, Order]:
    """Sub-dealer A1's order of 3 windows, bundled by dealer A into its order to the factory,
    which is in production with 2 of the units on the road."""
    shop = build_shop()
    with_subdealer_markups(world)
    sub_order = submitted(world, "sub_a1_admin", [(shop.window, "3")])
    dealer = world.actor("dealer_a_admin")
    services.order_confirm(actor=dealer, order_id=sub_order.pk)
    factory_order = services.subdealer_orders_bundle(actor=dealer, order_ids=[sub_order.pk])
    services.order_submit(actor=dealer, order_id=factory_order.pk)
    manager = world.actor("manager_a")
    for verb in (
        services.order_confirm,
        services.order_hand_to_1c,
        services.order_start_production,
    ):
        verb(actor=manager, order_id=factory_order.pk)
    _ship_two(manager, factory_order)
    return reload(sub_order), reload(factory_order)


def _ship_two(manager, order: Order) -> None:
    units = list(
        OrderUnit.objects.filter(line__order=order).order_by("pk").values_list("pk", flat=True)
    )
    services.units_mark_ready(actor=manager, order_id=order.pk, unit_ids=units[:2])
    services.units_ship(
        actor=manager, order_id=order.pk, unit_ids=units[:2], shipment_document="РН-1"
    )
