"""Two people of the seller acting on one order at the same moment: exactly one succeeds, the
other is refused with a business message (DomainError, never a database error), and the effect
is recorded once (PostgreSQL).

The dealer's manager (``manager_a``) and a factory admin both moderate dealer A's orders; the
accountant and the factory admin both issue invoices. ``portal/orders/tests/test_numbering``
already races confirm against reject; these are the other verbs that must not happen twice.
"""

from __future__ import annotations

import pytest

from portal.billing.models import Invoice, LedgerEntry
from portal.billing.services.invoices import invoice_issue_for_order
from portal.core.errors import DomainError
from portal.orders import services
from portal.orders.models import Order, OrderEvent, OrderUnit, UnitEvent
from portal.orders.tests.conftest import submitted
from portal.orders.workflow import UnitStatus

from .helpers import postgres_only, run_together

pytestmark = [pytest.mark.postgres, postgres_only, pytest.mark.django_db(transaction=True)]


def on_moderation(world, shop) -> Order:
    return submitted(world, "dealer_a_employee", [(shop.door, "2"), (shop.window, "1")])


def confirmed(world, shop) -> Order:
    order = on_moderation(world, shop)
    return services.order_confirm(actor=world.actor("manager_a"), order_id=order.pk)


def moderated(world, shop) -> Order:
    order = confirmed(world, shop)
    return services.order_hand_to_1c(actor=world.actor("factory_admin"), order_id=order.pk)


def ready_units(world, shop) -> Order:
    order = moderated(world, shop)
    admin = world.actor("factory_admin")
    services.order_start_production(actor=admin, order_id=order.pk)
    units = list(OrderUnit.objects.filter(line__order=order).values_list("pk", flat=True))
    services.units_mark_ready(actor=admin, order_id=order.pk, unit_ids=units)
    return Order.objects.get(pk=order.pk)


def status_moves(order: Order) -> int:
    return OrderEvent.objects.filter(order=order).exclude(to_status="").count()


def by_both(verb, **kwargs):
    """The same verb by the dealer's manager and by a factory admin."""
    return [
        lambda world, order, who=who: verb(actor=world.actor(who), order_id=order.pk, **kwargs)
        for who in ("manager_a", "factory_admin")
    ]


def line_changes(world, order):
    line = order.lines.order_by("pk").first().pk
    return [
        lambda world, order, who=who, quantity=quantity: services.order_change_lines(
            actor=world.actor(who),
            order_id=order.pk,
            changes=[{"line_id": line, "quantity": quantity}],
            version=order.version,  # both saw the same version of the order
        )
        for who, quantity in (("manager_a", "3"), ("factory_admin", "5"))
    ]


def units_shipped(world, order):
    units = list(OrderUnit.objects.filter(line__order=order).values_list("pk", flat=True))
    return [
        lambda world, order, who=who, document=document: services.units_ship(
            actor=world.actor(who), order_id=order.pk, unit_ids=units, shipment_document=document
        )
        for who, document in (("manager_a", "Р-1"), ("factory_admin", "Р-2"))
    ]


def invoices_issued(world, order):
    return [
        lambda world, order, who=who: invoice_issue_for_order(
            actor=world.actor(who), order_id=order.pk
        )
        for who in ("accountant", "factory_admin")
    ]


# name: (the order to race on, the two calls, what one success leaves)
RACES = {
    "confirm_twice": (
        on_moderation,
        lambda world, order: by_both(services.order_confirm),
        lambda order: {"status moves": status_moves(order) - 1},
    ),
    "confirm_against_a_question": (
        on_moderation,
        lambda world, order: [
            by_both(services.order_confirm)[0],
            by_both(services.order_ask_question, text="Какой цвет?")[1],
        ],
        lambda order: {"status moves": status_moves(order) - 1},
    ),
    "two_line_changes_of_one_version": (
        on_moderation,
        line_changes,
        lambda order: {
            "status moves": status_moves(order) - 1,
            "quantity changed": int(order.lines.filter(quantity__in=("3", "5")).count()),
        },
    ),
    "hand_to_1c_twice": (
        confirmed,
        lambda world, order: by_both(services.order_hand_to_1c),
        lambda order: {"status moves": status_moves(order) - 2},
    ),
    "start_production_against_cancel": (
        moderated,
        lambda world, order: [
            by_both(services.order_start_production)[0],
            by_both(services.order_cancel, reason="Покупатель передумал")[1],
        ],
        lambda order: {
            "status moves": status_moves(order) - 3,
            "units made only if started": int(
                OrderUnit.objects.filter(line__order=order).exists()
                == (order.status == "in_production")
            ),
        },
    ),
    "start_production_twice": (
        moderated,
        lambda world, order: by_both(services.order_start_production),
        lambda order: {
            "status moves": status_moves(order) - 3,
            # two lines of stock goods: one lot unit each, created once
            "units per line": OrderUnit.objects.filter(line__order=order).count() // 2,
        },
    ),
    "ship_the_same_units_twice": (
        ready_units,
        units_shipped,
        lambda order: {
            "shipment of each unit": UnitEvent.objects.filter(
                to_status=UnitStatus.IN_DELIVERY
            ).count()
            // 2,
            "shipment documents": len(
                set(OrderUnit.objects.values_list("shipment_document", flat=True))
            ),
        },
    ),
    "invoice_twice": (
        confirmed,
        invoices_issued,
        lambda order: {
            "invoices": Invoice.objects.count(),
            "ledger entries": LedgerEntry.objects.count(),
        },
    ),
}


@pytest.mark.parametrize("name", RACES)
def test_two_sellers_at_once_exactly_one_succeeds(world, shop, name):
    build, calls, effects = RACES[name]
    order = build(world, shop)
    first, second = calls(world, order)

    outcomes = run_together([lambda: first(world, order), lambda: second(world, order)])

    assert sum(o.ok for o in outcomes) == 1, outcomes
    [refusal] = [o.error for o in outcomes if not o.ok]
    assert isinstance(refusal, DomainError), repr(refusal)
    found = effects(Order.objects.get(pk=order.pk))
    assert found == dict.fromkeys(found, 1)
