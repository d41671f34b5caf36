"""A sub-dealer follows its own order bundled by its dealer, and no page it can open ever
carries the factory's price."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from portal.orders import services
from portal.orders.models import OrderKind, OrderUnit
from portal.orders.workflow import OrderStatus

from .orders_helpers import (
    FACTORY_WINDOW_PRICE,
    build_shop,
    reload,
    submitted,
    with_subdealer_markups,
)


@pytest.fixture
def bundled(world):
    """Sub-dealer A1 ordered 3 windows from dealer A; the dealer bundled them into its order to
    the factory, which is in production with 2 units shipped."""
    shop = build_shop()
    with_subdealer_markups(world)
    sub_order = submitted(
        world, "sub_a1_admin", [(shop.window, "3")], kind=OrderKind.MADE_TO_MEASURE
    )
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
    units = list(OrderUnit.objects.filter(line__order=factory_order).order_by("pk"))
    ids = [u.pk for u in units[:2]]
    services.units_mark_ready(actor=manager, order_id=factory_order.pk, unit_ids=ids)
    services.units_ship(
        actor=manager, order_id=factory_order.pk, unit_ids=ids, shipment_document="РН-77"
    )
    return reload(sub_order), reload(factory_order), units


def factory_price_spellings() -> list[str]:
    price = Decimal(FACTORY_WINDOW_PRICE)
    spellings = []
    for amount in (price, price * 3):
        plain = f"{amount:.2f}"
        spellings += [
            plain,
            plain.replace(".", ","),
            f"{amount:,.2f}".replace(",", "\u202f").replace(".", ","),
        ]
    return spellings


def test_the_factory_line_really_carries_the_planted_price(world, bundled):
    _sub, factory_order, _units = bundled
    line = factory_order.lines.get()
    assert line.unit_price == Decimal(FACTORY_WINDOW_PRICE)
    page = world.client("dealer_a_admin").get(f"/orders/{factory_order.pk}/").content.decode()
    assert "4\u202f321,87" in page  # the dealer sees it: the check below is not vacuous


def test_no_page_of_the_subdealer_shows_the_factory_price(world, bundled):
    sub_order, factory_order, units = bundled
    client = world.client("sub_a1_admin")
    pages = {
        "list": client.get("/orders/"),
        "filtered list": client.get("/orders/", {"status": OrderStatus.PARTIALLY_SHIPPED}),
        "detail": client.get(f"/orders/{sub_order.pk}/"),
        "unit": client.get(f"/orders/units/{units[0].pk}/"),
        "label": client.get(f"/orders/units/{units[0].pk}/label/"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        text = response.content.decode()
        for spelling in factory_price_spellings():
            assert spelling not in text, f"{spelling} on the sub-dealer's {name}"
        assert factory_order.number not in text, name
    detail = pages["detail"].content.decode()
    assert sub_order.number in detail and "РН-77" in detail and "В доставке" in detail
    assert "Частично отгружен" in detail
    assert f"/orders/{factory_order.pk}/" not in detail

    export = client.get("/orders/export.xlsx", {"cols": ["number", "total", "status"]})
    assert export.status_code == 200
    sheet = load_workbook(BytesIO(export.content)).active
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert sub_order.number in cells
    for spelling in factory_price_spellings():
        assert not any(spelling in cell for cell in cells)
    assert factory_order.number not in cells


def test_the_subdealer_cannot_open_the_dealers_order(world, bundled):
    _sub, factory_order, _units = bundled
    assert world.client("sub_a1_admin").get(f"/orders/{factory_order.pk}/").status_code == 404


def test_the_dealer_sees_the_bundle_link_on_the_subdealer_order(world, bundled):
    sub_order, factory_order, _units = bundled
    page = world.client("dealer_a_employee").get(f"/orders/{sub_order.pk}/").content.decode()
    assert f"/orders/{factory_order.pk}/" in page
