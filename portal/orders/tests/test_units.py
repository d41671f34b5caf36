"""Each unit has its own status; four of five may go; the order follows its units."""

import pytest

from portal.core.errors import DomainError, PermissionDenied
from portal.notifications.models import Notification
from portal.orders import services
from portal.orders.models import OrderKind, OrderUnit, UnitEvent
from portal.orders.workflow import OrderStatus, UnitStatus

from .conftest import reload, state, submitted


@pytest.fixture
def in_production(world, shop):
    order = submitted(
        world,
        "dealer_a_employee",
        [(shop.window, "5"), (shop.fitting, "2")],
        kind=OrderKind.MADE_TO_MEASURE,
    )
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    services.order_hand_to_1c(actor=manager, order_id=order.pk)
    return services.order_start_production(actor=manager, order_id=order.pk)


def window_units(order):
    return list(OrderUnit.objects.filter(line__order=order, line__position=1).order_by("number"))


def test_made_to_measure_line_gets_one_unit_per_piece(in_production):
    units = OrderUnit.objects.filter(line__order=in_production)
    assert units.count() == 7  # 5 windows, 2 handles (made-to-measure order: per piece)
    assert set(units.values_list("status", flat=True)) == {UnitStatus.IN_PRODUCTION}


def test_ship_four_of_five_then_receive_all(world, in_production):
    manager, dealer = world.actor("manager_a"), world.actor("dealer_a_employee")
    order = in_production
    windows = window_units(order)
    handles = list(OrderUnit.objects.filter(line__order=order, line__position=2))
    ready = [u.pk for u in windows[:4]] + [u.pk for u in handles]
    services.units_mark_ready(actor=manager, order_id=order.pk, unit_ids=ready)
    services.units_ship(
        actor=manager, order_id=order.pk, unit_ids=ready, shipment_document="РН-0042"
    )
    assert reload(order).status == OrderStatus.PARTIALLY_SHIPPED
    shipped = OrderUnit.objects.filter(pk__in=ready)
    assert set(shipped.values_list("shipment_document", flat=True)) == {"РН-0042"}
    assert OrderUnit.objects.get(pk=windows[4].pk).status == UnitStatus.IN_PRODUCTION
    assert UnitEvent.objects.filter(unit_id=windows[0].pk).count() == 2
    assert Notification.objects.filter(recipient=order.author, kind="units_shipped").exists()

    services.units_receive(actor=dealer, order_id=order.pk, unit_ids=ready)
    assert reload(order).status == OrderStatus.PARTIALLY_SHIPPED
    last = [windows[4].pk]
    services.units_mark_ready(actor=manager, order_id=order.pk, unit_ids=last)
    services.units_ship(actor=manager, order_id=order.pk, unit_ids=last, shipment_document="РН-43")
    services.units_receive(actor=dealer, order_id=order.pk, unit_ids=last)
    assert reload(order).status == OrderStatus.COMPLETED
    services.units_mark_sold(actor=dealer, order_id=order.pk, unit_ids=last)
    assert OrderUnit.objects.get(pk=last[0]).status == UnitStatus.SOLD


def test_a_unit_not_ready_cannot_be_shipped_and_nothing_moves(world, in_production):
    order = in_production
    windows = window_units(order)
    manager = world.actor("manager_a")
    services.units_mark_ready(actor=manager, order_id=order.pk, unit_ids=[windows[0].pk])
    before = state(order.pk)
    with pytest.raises(DomainError, match="только изделия в статусе «Готово»"):
        services.units_ship(
            actor=manager,
            order_id=order.pk,
            unit_ids=[windows[0].pk, windows[1].pk],
            shipment_document="РН-1",
        )
    with pytest.raises(DomainError, match="документа отгрузки"):
        services.units_ship(
            actor=manager, order_id=order.pk, unit_ids=[windows[0].pk], shipment_document=""
        )
    assert state(order.pk) == before


def test_only_the_seller_ships_and_only_the_buyer_receives(world, in_production):
    order = in_production
    unit = window_units(order)[0]
    before = state(order.pk)
    with pytest.raises(PermissionDenied):
        services.units_mark_ready(
            actor=world.actor("dealer_a_admin"), order_id=order.pk, unit_ids=[unit.pk]
        )
    services.units_mark_ready(actor=world.actor("manager_a"), order_id=order.pk, unit_ids=[unit.pk])
    services.units_ship(
        actor=world.actor("manager_a"), order_id=order.pk, unit_ids=[unit.pk], shipment_document="1"
    )
    before = state(order.pk)
    with pytest.raises(PermissionDenied):
        services.units_receive(
            actor=world.actor("manager_a"), order_id=order.pk, unit_ids=[unit.pk]
        )
    assert state(order.pk) == before


def test_a_lot_line_travels_as_one_unit(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.fitting, "2.5")])
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    services.order_hand_to_1c(actor=manager, order_id=order.pk)
    services.order_start_production(actor=manager, order_id=order.pk)
    unit = OrderUnit.objects.get(line__order=order)
    assert str(unit.quantity) == "2.500"
