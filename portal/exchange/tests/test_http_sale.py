"""The orders exchange driven like 1C: query/success in two phases, then 1C's own file."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from portal.billing.models import Payment
from portal.catalog.models import Offer, Product
from portal.exchange.models import OrderExchangeState
from portal.orders import services
from portal.orders.models import Order, OrderComment, OrderEvent, OrderLine, OrderUnit
from portal.orders.workflow import OrderStatus

from .onec import account_fixture, onec_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "fixtures" / "http" / "orders-from-1c.xml"
DOOR_ID = "6f1c1d2a-0001-11ef-8000-000000000001"
WINDOW_ID = "6f1c1d2a-0002-11ef-8000-000000000002#c0a1b2c3-0000-11ef-8000-0000000000aa"
LINES = [
    # (offer external id or None for a configuration, name, quantity, price, VAT)
    (DOOR_ID, "Дверь межкомнатная «Обмен»", "2", "12500.00", "4166.67"),
    (WINDOW_ID, "Окно ПВХ 1200×1400 «Обмен» (белое)", "1", "8300.50", "1383.42"),
    (None, "Окно по размерам 900×1200", "1", "12000.00", "2000.00"),
]
CONFIGURATION = {
    "model_code": "okno-1st",
    "model_name": "Окно одностворчатое",
    "kind": "window",
    "choices": {"width": 900, "height": 1200},
    "summary": [["Ширина", "900 мм"], ["Высота", "1200 мм"]],
    "svg": "",
}


def offer(external_id: str, name: str) -> Offer:
    product_id = external_id.split("#")[0]
    product, _ = Product.objects.get_or_create(
        external_id=product_id, defaults={"name": name, "unit_code": "796"}
    )
    return Offer.objects.create(external_id=external_id, product=product, name=name)


def handed_order(world, number: str, *, status=OrderStatus.CONFIRMED, hand=True) -> Order:
    """A dealer A order to the factory, confirmed, then handed to 1C by the factory admin."""
    order = Order.objects.create(
        number=number,
        status=status,
        buyer=world.dealer_a,
        seller=world.factory,
        legal_entity=world.legal_entities["dealer_a"],
        author=world.dealer_a_admin,
        submitted_at=timezone.now(),
        buyer_notes="Доставка после 10:00 & без звонка",
    )
    total = vat = Decimal("0")
    for position, (external_id, name, quantity, price, line_vat) in enumerate(LINES, start=1):
        amount = Decimal(quantity) * Decimal(price)
        OrderLine.objects.create(
            order=order,
            position=position,
            offer=Offer.objects.filter(external_id=external_id).first() or offer(external_id, name)
            if external_id
            else None,
            configuration=None if external_id else CONFIGURATION,
            name=name,
            article="okno-1st" if external_id is None else "",
            quantity=Decimal(quantity),
            unit_price=Decimal(price),
            vat_rate=Decimal("20"),
            vat_amount=Decimal(line_vat),
            line_total=amount,
        )
        total, vat = total + amount, vat + Decimal(line_vat)
    order.total, order.vat_total, order.subtotal = total, vat, total - vat
    order.save()
    if hand:
        services.order_hand_to_1c(actor=world.actor("factory_admin"), order_id=order.pk)
    return Order.objects.get(pk=order.pk)


def documents(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=windows-1251"
    assert response.content.startswith(b"<?xml version='1.0' encoding='windows-1251'?>")
    assert int(response["Content-Length"]) == len(response.content)
    root = etree.fromstring(response.content)
    assert root.tag == "КоммерческаяИнформация"
    return root.findall("Документ")


def numbers(response) -> list[str]:
    return [doc.findtext("Номер") for doc in documents(response)]


@pytest.fixture
def sale(onec):
    client = onec("sale")
    assert client.checkauth()[0] == "success"
    return client


def test_init_echoes_sessid_and_version_only_when_1c_sent_version(onec):
    old = onec("sale")
    old.checkauth()
    assert old.call("init") == ["zip=no", f"file_limit={2 * 1024 * 1024}", ""]
    new = onec("sale")
    token = new.checkauth()[2]
    assert new.call("init", version="2.08") == [
        "zip=no",
        f"file_limit={2 * 1024 * 1024}",
        f"sessid={token}",
        "version=2.09",
        "",
    ]


def test_query_returns_the_orders_handed_to_1c_in_windows_1251(world, sale):
    handed = handed_order(world, "2025-000142")
    handed_order(world, "2025-000143", hand=False)  # confirmed, not handed: stays home
    sale.call("init")
    response = sale.raw("query")
    [doc] = documents(response)
    assert "Дверь".encode("cp1251") in response.content  # real windows-1251 bytes
    assert (doc.findtext("Ид"), doc.findtext("Номер")) == (handed.number, handed.number)
    assert doc.findtext("ХозОперация") == "Заказ товара"
    assert doc.findtext("Сумма") == "45300.50"
    assert doc.findtext("Комментарий") == "Доставка после 10:00 & без звонка"
    party = doc.find("Контрагенты/Контрагент")
    assert party.findtext("ОфициальноеНаименование") == "ООО «Дилер А»"
    assert (party.findtext("ИНН"), party.findtext("КПП")) == ("7700020012", "770101001")
    assert party.findtext("Роль") == "Покупатель"
    assert doc.findtext("Налоги/Налог/Наименование") == "НДС"
    assert doc.findtext("Налоги/Налог/Сумма") == "7550.09"
    goods = doc.findall("Товары/Товар")
    assert [g.findtext("Ид") for g in goods] == [DOOR_ID, WINDOW_ID, "okno-1st"]
    assert [g.findtext("Количество") for g in goods] == ["2", "1", "1"]
    assert [g.findtext("ЦенаЗаЕдиницу") for g in goods] == ["12500.00", "8300.50", "12000.00"]
    assert [g.findtext("Сумма") for g in goods] == ["25000.00", "8300.50", "12000.00"]
    assert [g.findtext("Налоги/Налог/Ставка") for g in goods] == ["20", "20", "20"]
    assert goods[0].find("БазоваяЕдиница").get("Код") == "796"
    configured = {
        item.findtext("Наименование"): item.findtext("Значение")
        for item in goods[2].findall("ЗначенияРеквизитов/ЗначениеРеквизита")
    }
    assert configured["ВидНоменклатуры"] == "Изделие по размерам"
    assert configured["Конфигурация"] == "Ширина: 900 мм; Высота: 1200 мм"
    assert configured["Ширина"] == "900 мм"
    requisites = {
        item.findtext("Наименование"): item.findtext("Значение")
        for item in doc.findall("ЗначенияРеквизитов/ЗначениеРеквизита")
    }
    assert requisites["Статуса заказа ИД"] == "moderated"
    assert requisites["Отменен"] == "false"


def test_without_success_the_same_orders_come_again_and_after_it_not(world, sale):
    order = handed_order(world, "2025-000142")
    assert numbers(sale.raw("query")) == [order.number]
    assert numbers(sale.raw("query")) == [order.number]  # 1C crashed before «success»
    assert sale.call("success")[0] == "success"
    assert numbers(sale.raw("query")) == []
    state = OrderExchangeState.objects.get(order=order)
    assert (state.sent_version, state.pending_session) == (order.version, None)


def test_an_order_edited_after_the_query_is_sent_again(world, sale):
    order = handed_order(world, "2025-000142")
    assert numbers(sale.raw("query")) == [order.number]
    services.order_update_details(
        actor=world.actor("factory_admin"), order_id=order.pk, manager_notes="Срочно"
    )
    assert sale.call("success")[0] == "success"
    assert numbers(sale.raw("query")) == [order.number]
    assert sale.call("success")[0] == "success"
    assert numbers(sale.raw("query")) == []


def test_a_new_session_offers_what_an_old_one_never_confirmed(world, onec, sale):
    order = handed_order(world, "2025-000142")
    assert numbers(sale.raw("query")) == [order.number]
    later = onec("sale")
    later.checkauth()
    assert numbers(later.raw("query")) == [order.number]
    assert sale.call("success")[0] == "success"  # the old session's success is stale now
    assert numbers(later.raw("query")) == [order.number]


def snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Order, OrderEvent, OrderUnit, OrderComment, Payment, OrderExchangeState)
    ]


def test_1c_file_sets_the_number_moves_the_status_and_records_payment(world, sale, account):
    order = handed_order(world, "2025-000142")
    sale.raw("query")
    sale.call("success")
    lines = sale.call("file", FILE.read_bytes(), filename="orders-1.xml")

    assert lines[0] == "success"
    assert "Заказов изменено: 1" in lines[1]
    assert any("ЗАВ-000018" in line and "нет" in line for line in lines)  # 1C's own order
    order.refresh_from_db()
    assert order.factory_number == "ЗАВ-000017"
    assert order.status == OrderStatus.IN_PRODUCTION
    assert OrderUnit.objects.filter(line__order=order).exists()
    by_1c = OrderEvent.objects.filter(order=order, user=account).order_by("pk")
    assert all(event.user.full_name == "1С" for event in by_1c)
    assert [e.to_status for e in by_1c if e.to_status] == [OrderStatus.IN_PRODUCTION]
    assert by_1c.filter(data__fields__factory_number=["", "ЗАВ-000017"]).exists()
    comment = OrderComment.objects.get(order=order)
    assert comment.text == "1С: отгрузка № ЗАВ-Р-000003 от 2025-06-30."
    payment = Payment.objects.get()
    assert (payment.number, payment.amount) == ("ЗАВ-П-000031", Decimal("45300.50"))
    # 1C's own changes are not sent back to it
    assert numbers(sale.raw("query")) == []

    before = snapshot()
    assert sale.call("file", FILE.read_bytes(), filename="orders-2.xml")[0] == "success"
    assert snapshot() == before


def test_new_clients_upload_then_import(world, onec):
    order = handed_order(world, "2025-000142")
    client = onec("sale")
    client.checkauth()
    client.call("init", version="2.08")
    assert client.call("file", FILE.read_bytes(), filename="documents___1.xml")[0] == "success"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.MODERATED  # only stored
    assert client.call("import", filename="documents___1.xml")[0] == "success"
    assert Order.objects.get(pk=order.pk).status == OrderStatus.IN_PRODUCTION
    assert client.call("import", filename="documents___1.xml")[:2] == [
        "success",
        "Файл «documents___1.xml» уже обработан.",
    ]


def cancelled_file(version: str) -> bytes:
    return (
        FILE.read_text(encoding="utf-8")
        .replace("AAAAEAAAAAA=", version)
        .replace("<Значение>true</Значение>", "<Значение>false</Значение>")
        .replace(
            "<ЗначениеРеквизита><Наименование>Статуса заказа ИД",
            "<ЗначениеРеквизита><Наименование>Отменен</Наименование><Значение>true</Значение>"
            "</ЗначениеРеквизита><ЗначениеРеквизита><Наименование>Статуса заказа ИД",
        )
        .encode()
    )


def test_cancelled_in_1c_and_a_stale_resend_is_ignored(world, sale):
    order = handed_order(world, "2025-000142")
    newer = cancelled_file("AAAAIAAAAAA=")
    assert sale.call("file", newer, filename="orders-1.xml")[0] == "success"
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert OrderEvent.objects.filter(order=order, text="Отменён в 1С.").exists()
    before = snapshot()
    # the older version («Проведен») arrives late: nothing moves
    older = FILE.read_bytes().replace("ЗАВ-П-000031".encode(), b"")
    assert sale.call("file", older, filename="orders-2.xml")[0] == "success"
    assert snapshot() == before


def test_a_broken_orders_file_fails_and_changes_nothing(world, sale):
    handed_order(world, "2025-000142")
    before = snapshot()
    lines = sale.call("file", FILE.read_bytes()[:400], filename="orders-1.xml")
    assert lines[0] == "failure" and "orders-1.xml" in lines[1]
    assert snapshot() == before
