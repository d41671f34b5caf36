"""Units through the web: the factory marks ready and ships 4 of 5, the dealer receives; each
unit has its own page and a label with a QR code."""

import pytest

from portal.orders.models import OrderUnit
from portal.orders.workflow import OrderStatus, UnitStatus

from .orders_helpers import build_shop, fingerprint, in_production, reload


@pytest.fixture
def order(world):
    shop = build_shop()
    return in_production(world, [(shop.window, "5")])


def units_of(order):
    return list(OrderUnit.objects.filter(line__order=order).order_by("pk"))


def move(world, who, order, step, units, **extra):
    data = {"step": step, "unit": [u.pk for u in units], **extra}
    return world.client(who).post(f"/orders/{order.pk}/units/", data, follow=True)


def test_factory_ships_four_of_five(world, order):
    units = units_of(order)
    assert len(units) == 5
    page = world.client("manager_a").get(f"/orders/{order.pk}/").content.decode()
    assert 'name="unit"' in page and "Отметить готовыми" in page
    response = move(world, "manager_a", order, "ready", units[:4])
    assert "Отмечено готовыми изделий: 4." in response.content.decode()
    move(world, "manager_a", order, "ship", units[:4], shipment_document="РН-15")
    statuses = [u.status for u in units_of(order)]
    assert statuses == [UnitStatus.IN_DELIVERY] * 4 + [UnitStatus.IN_PRODUCTION]
    assert reload(order).status == OrderStatus.PARTIALLY_SHIPPED
    page = world.client("dealer_a_employee").get(f"/orders/{order.pk}/").content.decode()
    assert "Частично отгружен" in page and "РН-15" in page
    assert "Отметить полученными" in page
    move(world, "dealer_a_employee", order, "receive", units_of(order)[:4])
    assert [u.status for u in units_of(order)][:4] == [UnitStatus.AT_DEALER] * 4


def test_shipping_needs_a_document_number(world, order):
    units = units_of(order)
    move(world, "manager_a", order, "ready", units[:1])
    before = fingerprint()
    response = move(world, "manager_a", order, "ship", units[:1], shipment_document="")
    assert "Укажите номер документа отгрузки." in response.content.decode()
    assert fingerprint() == before


def test_units_not_ready_cannot_ship(world, order):
    before = fingerprint()
    response = move(world, "manager_a", order, "ship", units_of(order)[:1], shipment_document="1")
    assert "можно только изделия в статусе «Готово»" in response.content.decode()
    assert fingerprint() == before


@pytest.mark.parametrize(("who", "step"), [("dealer_a_employee", "ready"), ("manager_a", "sell")])
def test_the_wrong_side_cannot_move_units(world, order, who, step):
    client = world.client(who)
    before = fingerprint()
    data = {"step": step, "unit": [units_of(order)[0].pk]}
    assert client.post(f"/orders/{order.pk}/units/", data).status_code == 403
    assert fingerprint() == before


def test_strangers_cannot_move_units(world, order):
    client = world.client("manager_b")
    before = fingerprint()
    data = {"step": "ready", "unit": [units_of(order)[0].pk]}
    assert client.post(f"/orders/{order.pk}/units/", data).status_code == 404
    assert fingerprint() == before


def test_unit_page_and_label(world, order):
    unit = units_of(order)[0]
    move(world, "manager_a", order, "ready", [unit])
    page = world.client("dealer_a_employee").get(f"/orders/units/{unit.pk}/").content.decode()
    assert "История изделия" in page and "Готово" in page and "Окно ПВХ 1200×1400" in page
    label = world.client("dealer_a_employee").get(f"/orders/units/{unit.pk}/label/")
    assert label.status_code == 200
    text = label.content.decode()
    assert "<svg" in text and f"/orders/units/{unit.pk}/" in text
    assert "<script>" not in text and "style=" not in text


@pytest.mark.parametrize("who", ["dealer_b_admin", "manager_b", "sub_a1_admin"])
def test_unit_pages_are_404_for_strangers(world, order, who):
    unit = units_of(order)[0]
    client = world.client(who)
    assert client.get(f"/orders/units/{unit.pk}/").status_code == 404
    assert client.get(f"/orders/units/{unit.pk}/label/").status_code == 404


def test_unit_pages_send_anonymous_to_login(world, order):
    unit = units_of(order)[0]
    response = world.client(None).get(f"/orders/units/{unit.pk}/label/")
    assert response.status_code == 302 and "/login/" in response["Location"]
