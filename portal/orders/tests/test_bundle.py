"""Sub-dealer orders bundled by their dealer into one order to the factory; each sub-dealer
follows its own units and never gets the factory's order or prices."""

from decimal import Decimal

import pytest
from django.http import Http404

from portal.core.errors import DomainError
from portal.orders import services
from portal.orders.models import Order, OrderKind, OrderUnit
from portal.orders.selectors import order_get_for, order_units, unit_display_line
from portal.orders.workflow import OrderStatus, UnitStatus
from portal.organisations.models import Organisation, OrganisationKind

from .conftest import reload, submitted


@pytest.fixture
def second_subdealer(world):
    from portal.accounts.models import User
    from portal.organisations.models import LegalEntity

    sub = Organisation.objects.create(
        kind=OrganisationKind.SUBDEALER, parent=world.dealer_a, name="Субдилер А2"
    )
    LegalEntity.objects.create(organisation=sub, name="ООО «А2»", inn="7700030035", kpp="770101001")
    world.users["sub_a2_admin"] = User.objects.create_user(
        "sub_a2_admin@example.test", "x", full_name="Sub A2", organisation=sub, role="admin"
    )
    return sub


def accepted(world, who, items):
    order = submitted(world, who, items, kind=OrderKind.MADE_TO_MEASURE)
    return services.order_confirm(actor=world.actor("dealer_a_employee"), order_id=order.pk)


def test_bundle_two_subdealer_orders_and_follow_the_units(world, shop, second_subdealer):
    one = accepted(world, "sub_a1_admin", [(shop.window, "3")])
    two = accepted(world, "sub_a2_admin", [(shop.door, "2")])
    assert one.lines.get().unit_price == Decimal("5500.00")  # the dealer's price to it (+10 %)
    dealer = world.actor("dealer_a_admin")
    bundle = services.subdealer_orders_bundle(
        actor=dealer,
        order_ids=[one.pk, two.pk],
        extra_lines=[{"offer_id": shop.fitting.pk, "quantity": "4"}],
    )
    assert bundle.seller == world.factory and bundle.buyer == world.dealer_a
    assert [line.unit_price for line in bundle.lines.order_by("position")] == [
        Decimal("5000.00"),
        Decimal("10000.00"),
        Decimal("150.50"),
    ]
    assert {o.bundled_into_id for o in (reload(one), reload(two))} == {bundle.pk}
    assert reload(one).status == OrderStatus.MODERATED
    assert set(bundle.bundled_orders.all()) == {one, two}
    services.order_submit(actor=dealer, order_id=bundle.pk)
    manager = world.actor("manager_a")
    for verb in (
        services.order_confirm,
        services.order_hand_to_1c,
        services.order_start_production,
    ):
        verb(actor=manager, order_id=bundle.pk)
    assert reload(one).status == reload(two).status == OrderStatus.IN_PRODUCTION

    sub = world.actor("sub_a1_admin")
    with pytest.raises(Http404):
        order_get_for(sub, bundle.pk)
    units = list(order_units(sub, one.pk))
    assert len(units) == 3
    own_line = one.lines.get()
    assert {unit_display_line(u, reload(one)).pk for u in units} == {own_line.pk}

    ready = [u.pk for u in units[:2]]
    services.units_mark_ready(actor=manager, order_id=bundle.pk, unit_ids=ready)
    services.units_ship(actor=manager, order_id=bundle.pk, unit_ids=ready, shipment_document="Т-9")
    assert reload(one).status == OrderStatus.PARTIALLY_SHIPPED
    assert reload(two).status == OrderStatus.IN_PRODUCTION
    assert (
        list(order_units(sub, one.pk).values_list("status", flat=True)).count(
            UnitStatus.IN_DELIVERY
        )
        == 2
    )
    event = reload(one).events.filter(kind="units").last()
    assert event.user is None and "Отгружено изделий: 2" in event.text
    assert set(event.data["units"]) == set(ready)

    everything = list(OrderUnit.objects.of_order(bundle).values_list("pk", flat=True))
    services.units_mark_ready(
        actor=manager,
        order_id=bundle.pk,
        unit_ids=list(
            OrderUnit.objects.of_order(bundle)
            .filter(status="in_production")
            .values_list("pk", flat=True)
        ),
    )
    services.units_ship(
        actor=manager,
        order_id=bundle.pk,
        unit_ids=list(
            OrderUnit.objects.of_order(bundle).filter(status="ready").values_list("pk", flat=True)
        ),
        shipment_document="Т-10",
    )
    services.units_receive(actor=dealer, order_id=bundle.pk, unit_ids=everything)
    assert {reload(o).status for o in (bundle, one, two)} == {OrderStatus.COMPLETED}


def test_subdealer_timeline_and_units_never_carry_factory_prices(world, shop):
    one = accepted(world, "sub_a1_admin", [(shop.window, "1")])
    dealer = world.actor("dealer_a_admin")
    bundle = services.subdealer_orders_bundle(actor=dealer, order_ids=[one.pk])
    factory_price = "5000"
    for event in reload(one).events.all():
        assert factory_price not in f"{event.text} {event.data}"
    assert bundle.number is None  # a draft until the dealer submits it
    assert reload(one).lines.get().price_steps == [
        {"label": "Цена дилера для вас", "amount": "5500.00"}
    ]


def test_only_accepted_orders_of_own_subdealers_can_be_bundled(world, shop):
    waiting = submitted(world, "sub_a1_admin", [(shop.window, "1")])
    with pytest.raises(DomainError):
        services.subdealer_orders_bundle(
            actor=world.actor("dealer_a_admin"), order_ids=[waiting.pk]
        )
    with pytest.raises(Http404):
        services.subdealer_orders_bundle(
            actor=world.actor("dealer_b_admin"), order_ids=[waiting.pk]
        )
    assert Order.objects.filter(buyer=world.dealer_a).count() == 0


def test_rejected_bundle_gives_the_orders_back_to_the_dealer(world, shop):
    one = accepted(world, "sub_a1_admin", [(shop.window, "1")])
    dealer = world.actor("dealer_a_admin")
    bundle = services.subdealer_orders_bundle(actor=dealer, order_ids=[one.pk])
    services.order_submit(actor=dealer, order_id=bundle.pk)
    services.order_reject(actor=world.actor("manager_a"), order_id=bundle.pk, reason="Нет профиля")
    one = reload(one)
    assert (one.status, one.bundled_into_id) == (OrderStatus.CONFIRMED, None)
