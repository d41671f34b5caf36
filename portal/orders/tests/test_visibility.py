"""Who sees which orders: one answer for missing and not-yours (404), sub-dealers only their own."""

from decimal import Decimal

import pytest
from django.http import Http404

from portal.orders import services
from portal.orders.models import Order
from portal.orders.payments import PaymentState, payment_status
from portal.orders.selectors import moderation_queue, order_get_for

from .conftest import draft, submitted


@pytest.fixture
def orders(world, shop):
    return {
        "a": submitted(world, "dealer_a_employee", [(shop.door, "1")]),
        "a_draft": draft(world, "dealer_a_employee", [(shop.door, "1")]),
        "sub_a1": submitted(world, "sub_a1_admin", [(shop.door, "1")]),
        "sub_a1_draft": draft(world, "sub_a1_employee", [(shop.door, "1")]),
        "b": submitted(world, "dealer_b_admin", [(shop.door, "1")]),
        "sub_b1": submitted(world, "sub_b1_admin", [(shop.door, "1")]),
    }


SEES = {
    "factory_admin": {"a", "b"},
    "accountant": {"a", "b"},
    "manager_a": {"a"},
    "manager_b": {"b"},
    "dealer_a_admin": {"a", "a_draft", "sub_a1"},
    "dealer_a_employee": {"a", "a_draft", "sub_a1"},
    "dealer_a_accountant": {"a", "a_draft", "sub_a1"},
    "sub_a1_admin": {"sub_a1", "sub_a1_draft"},
    "sub_a1_employee": {"sub_a1", "sub_a1_draft"},
    "dealer_b_admin": {"b", "sub_b1"},
    "sub_b1_admin": {"sub_b1"},
}


@pytest.mark.parametrize("who", SEES)
def test_each_role_sees_exactly_its_orders(world, orders, who):
    actor = world.actor(who)
    names = {pk: name for name, pk in ((n, o.pk) for n, o in orders.items())}
    visible = {names[pk] for pk in Order.objects.visible_to(actor).values_list("pk", flat=True)}
    assert visible == SEES[who]
    for name, order in orders.items():
        if name in SEES[who]:
            assert order_get_for(actor, order.pk).pk == order.pk
        else:
            with pytest.raises(Http404):
                order_get_for(actor, order.pk)
    with pytest.raises(Http404):
        order_get_for(actor, 999_999)


def test_subdealer_order_is_priced_for_the_subdealer(world, orders):
    line = orders["sub_a1"].lines.get()
    assert line.unit_price == Decimal("11000.00")  # the dealer's 10 % mark-up, not 10 000
    assert line.price_steps == [{"label": "Цена дилера для вас", "amount": "11000.00"}]
    dealer_line = orders["a"].lines.get()
    assert dealer_line.price_steps[0]["label"].startswith("Цена завода")


def test_moderation_queue_oldest_first_per_moderator(world, orders, shop):
    later = submitted(world, "dealer_a_admin", [(shop.fitting, "1")])
    assert list(moderation_queue(world.actor("manager_a"))) == [orders["a"], later]
    assert list(moderation_queue(world.actor("dealer_a_employee"))) == [orders["sub_a1"]]
    assert list(moderation_queue(world.actor("sub_a1_admin"))) == []


def test_payment_status_is_computed_unpaid_until_billing(orders):
    status = payment_status(orders["a"])
    assert (status.state, status.remaining) == (PaymentState.UNPAID, orders["a"].total)
    assert status.label == "Не оплачен"


def test_a_stranger_gets_404_from_every_service(world, orders):
    stranger = world.actor("dealer_b_admin")
    order = orders["a"]
    for call in (
        lambda: services.order_confirm(actor=stranger, order_id=order.pk),
        lambda: services.order_cancel(actor=stranger, order_id=order.pk),
        lambda: services.order_copy(actor=stranger, order_id=order.pk),
        lambda: services.units_mark_ready(actor=stranger, order_id=order.pk, unit_ids=[1]),
    ):
        with pytest.raises(Http404):
            call()
