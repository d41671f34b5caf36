"""Accepting a preview: one draft with snapshot lines, idempotent, nothing without valid rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.audit.models import AuditEvent
from portal.catalog.models import Price
from portal.core.errors import DomainError, PermissionDenied
from portal.orders.excel import excel_import_accept, excel_import_preview
from portal.orders.models import Order, OrderEvent, OrderLine

from .conftest import xlsx

ROWS = [
    ["Артикул", "Модель", "Количество", "Ширина", "Высота", "Примечание"],
    ["DV-100", None, 2, None, None, "до 10:00"],
    ["ZZ-404", None, 1],
    [None, "Окно ПВХ", 3, 1300, 1400],
    ["FT-1", None, 10],
]


def stored() -> tuple:
    return (
        Order.objects.count(),
        OrderLine.objects.count(),
        OrderEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_preview_stores_nothing_and_accept_creates_one_draft(world, shop, models):
    actor = world.actor("dealer_a_employee")
    before = stored()
    preview = excel_import_preview(actor=actor, file_name="заказ.xlsx", data=xlsx(ROWS))
    assert stored() == before
    assert [r.row for r in preview.refused] == [3]

    accepted = excel_import_accept(actor=actor, preview_token_or_data=preview.token)
    assert accepted.created
    order = Order.objects.get()
    assert (order.status, order.buyer, order.author) == ("draft", world.dealer_a, actor.user)
    lines = list(order.lines.order_by("position"))
    assert [(line.position, line.article, line.quantity, line.unit_price) for line in lines] == [
        (1, "DV-100", Decimal("2.000"), Decimal("10000.00")),
        (2, "pvc-window", Decimal("3.000"), preview.lines[1].item.unit_price),
        (3, "FT-1", Decimal("10.000"), Decimal("150.50")),
    ]
    assert lines[0].offer_id == shop.door.pk and lines[0].line_total == Decimal("20000.00")
    assert lines[0].vat_amount == Decimal("3333.33")
    assert lines[1].configuration["choices"]["width"] == "1300"
    assert lines[1].configuration["svg"].startswith("<svg")
    assert order.total == preview.total == sum(line.line_total for line in lines)
    assert order.vat_total == preview.vat_total
    event = order.events.get()
    assert event.data["excel_import"] and event.data["refused"] == 1
    assert AuditEvent.objects.filter(action="order_created_excel", object_id=str(order.pk)).exists()
    assert order.buyer_notes == "Строка 2 (DV-100): до 10:00"

    again = excel_import_accept(actor=actor, preview_token_or_data=preview.token)
    assert (again.order, again.created) == (order, False)
    assert Order.objects.count() == 1 and OrderLine.objects.count() == 3


def test_sub_dealer_draft_keeps_only_its_own_price(world, shop, models):
    actor = world.actor("sub_a1_admin")
    preview = excel_import_preview(actor=actor, file_name="z.xlsx", data=xlsx(ROWS))
    order = excel_import_accept(actor=actor, preview_token_or_data=preview.token).order
    assert order.seller == world.dealer_a
    door = order.lines.get(article="DV-100")
    assert door.unit_price == Decimal("11000.00")
    assert door.price_steps == [{"label": "Цена дилера для вас", "amount": "11000.00"}]


def test_nothing_is_created_without_valid_rows(world, shop):
    actor = world.actor("dealer_a_admin")
    data = xlsx([["Артикул", "Кол-во"], ["OLD-1", 1], ["ZZ", 2]])
    preview = excel_import_preview(actor=actor, file_name="z.xlsx", data=data)
    assert not preview.can_accept and len(preview.refused) == 2
    before = stored()
    for source in (preview.token, data):
        with pytest.raises(DomainError) as error:
            excel_import_accept(actor=actor, preview_token_or_data=source, file_name="z.xlsx")
        assert error.value.message in (
            "В файле нет строк, которые можно взять в заказ.",
            "Проверенный файл больше не хранится. Загрузите его ещё раз.",
        )
    assert stored() == before


def test_changed_prices_stop_the_accept(world, shop):
    actor = world.actor("dealer_a_admin")
    preview = excel_import_preview(actor=actor, file_name="z.xlsx", data=xlsx(ROWS[:2]))
    Price.objects.filter(offer=shop.door).update(amount=Decimal("12000"))
    before = stored()
    with pytest.raises(DomainError) as error:
        excel_import_accept(actor=actor, preview_token_or_data=preview.token)
    assert "изменились цены" in error.value.message
    assert stored() == before


def test_someone_elses_token_is_refused(world, shop):
    preview = excel_import_preview(
        actor=world.actor("dealer_a_admin"), file_name="z.xlsx", data=xlsx(ROWS[:2])
    )
    before = stored()
    for who in ("dealer_a_employee", "dealer_b_admin"):
        with pytest.raises(DomainError) as error:
            excel_import_accept(actor=world.actor(who), preview_token_or_data=preview.token)
        assert "Загрузите файл ещё раз" in error.value.message
    with pytest.raises(DomainError):
        excel_import_accept(actor=world.actor("dealer_a_admin"), preview_token_or_data="x:y")
    assert stored() == before


@pytest.mark.parametrize("who", ["dealer_a_accountant", "manager_a", "factory_admin"])
def test_who_does_not_order_can_not_import(world, shop, who):
    before = stored()
    with pytest.raises(PermissionDenied):
        excel_import_preview(actor=world.actor(who), file_name="z.xlsx", data=xlsx(ROWS[:2]))
    with pytest.raises(PermissionDenied):
        excel_import_accept(actor=world.actor(who), preview_token_or_data=xlsx(ROWS[:2]))
    assert stored() == before


def test_one_step_import_of_bytes_with_order_details(world, shop):
    actor = world.actor("dealer_a_admin")
    accepted = excel_import_accept(
        actor=actor,
        preview_token_or_data=xlsx(ROWS[:2]),
        file_name="z.xlsx",
        colour="Белый",
        buyer_notes="Срочно",
    )
    assert accepted.created and accepted.order.colour == "Белый"
    assert accepted.order.buyer_notes.splitlines()[0] == "Срочно"
    assert accepted.order.lines.count() == 1
