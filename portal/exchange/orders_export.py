"""``sale/query`` and ``sale/success``: orders handed to 1C, as CommerceML, in two phases.

``query`` offers every factory order handed to 1C whose current version 1C has not confirmed
and remembers, per order, the version it offered in this session. Only ``success`` makes those
versions the confirmed ones; an order edited after the query keeps a higher version and is
offered again next time, and a query never followed by ``success`` offers the same orders
again (COMMERCEML.md §1.4).

The document mirrors what a Bitrix site sends (schema 2.05 without a namespace, windows-1251,
§2.6): ``Ид`` and ``Номер`` are the portal number, stable forever; the buyer is the legal
entity variant of ``Контрагент`` with ИНН/КПП; goods carry 1C's own ``Ид`` (``GUID#charGUID``
for a characteristic); a made-to-measure configuration is an item of its own whose
parameters travel as requisites.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from lxml import etree

from portal.audit.services import audit_record
from portal.core.money import round_money
from portal.orders.models import Order, OrderLine
from portal.orders.workflow import FINAL_STATUSES, OrderStatus, russian_status
from portal.organisations.models import OrganisationKind

from .models import ExchangeSession, OrderExchangeState

SCHEMA_VERSION = "2.05"
ENCODING = "windows-1251"
SITE = "Дилерский портал"
FORMATS = {
    "ФорматДаты": "ДФ=yyyy-MM-dd; ДЛФ=DT",
    "ФорматВремени": "ДФ=ЧЧ:мм:сс; ДЛФ=T",
    "РазделительДатаВремя": "T",
    "ФорматСуммы": "ЧЦ=18; ЧДЦ=2; ЧРД=.",
    "ФорматКоличества": "ЧЦ=18; ЧДЦ=2; ЧРД=.",
}
PIECE = {"Код": "796", "НаименованиеПолное": "Штука", "МеждународноеСокращение": "PCE"}


def orders_to_send() -> QuerySet[Order]:
    """Factory orders handed to 1C whose current version 1C has not confirmed."""
    return (
        Order.objects.filter(seller__kind=OrganisationKind.FACTORY, handed_to_1c_at__isnull=False)
        .exclude(number__isnull=True)
        .filter(Q(exchange_state__isnull=True) | Q(exchange_state__sent_version__lt=F("version")))
        .select_related("buyer", "legal_entity", "author", "for_subdealer")
        .prefetch_related("lines__offer__product")
        .order_by("handed_to_1c_at", "pk")
    )


@transaction.atomic
def orders_query(*, session: ExchangeSession) -> tuple[bytes, int]:
    """The document for 1C and how many orders it holds; each is now pending for ``session``."""
    orders = list(orders_to_send())
    for order in orders:
        state, _ = OrderExchangeState.objects.select_for_update().get_or_create(order=order)
        state.pending_version = order.version
        state.pending_session = session
        state.save(update_fields=["pending_version", "pending_session"])
    return document(orders), len(orders)


@transaction.atomic
def orders_confirm(*, session: ExchangeSession) -> int:
    """1C said ``success``: what this session's query offered is now delivered."""
    states = list(
        OrderExchangeState.objects.select_for_update()
        .select_related("order")
        .filter(pending_session=session)
    )
    now = timezone.now()
    for state in states:
        state.sent_version = max(state.sent_version, state.pending_version or 0)
        state.sent_at = now
        state.pending_version = None
        state.pending_session = None
        state.save(update_fields=["sent_version", "sent_at", "pending_version", "pending_session"])
    if states:
        audit_record(
            action="orders_delivered_to_1c",
            user=session.user,
            obj=session,
            changes={"orders": [state.order.number for state in states]},
        )
    return len(states)


def document(orders: list[Order]) -> bytes:
    root = etree.Element(
        "КоммерческаяИнформация",
        ВерсияСхемы=SCHEMA_VERSION,
        ДатаФормирования=timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S"),
        **FORMATS,
    )
    for order in orders:
        root.append(order_element(order))
    return etree.tostring(root, xml_declaration=True, encoding=ENCODING, pretty_print=True)


def add(parent, tag: str, text: object = None, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    if text is not None:
        element.text = str(text)
    return element


def requisites(parent, pairs: list[tuple[str, object]]) -> None:
    block = add(parent, "ЗначенияРеквизитов")
    for name, value in pairs:
        item = add(block, "ЗначениеРеквизита")
        add(item, "Наименование", name)
        add(item, "Значение", value)


def flag(value: bool) -> str:
    return "true" if value else "false"


def money(amount: Decimal) -> str:
    return f"{round_money(amount):f}"


def order_element(order: Order):
    when = timezone.localtime(order.submitted_at)
    element = etree.Element("Документ")
    add(element, "Ид", order.number)
    add(element, "Номер", order.number)
    add(element, "Дата", when.strftime("%Y-%m-%d"))
    add(element, "Время", when.strftime("%H:%M:%S"))
    add(element, "ХозОперация", "Заказ товара")
    add(element, "Роль", "Продавец")
    add(element, "Валюта", "RUB")
    add(element, "Курс", "1")
    add(element, "Сумма", money(order.total))
    add(element, "Комментарий", order.buyer_notes)
    buyer(element, order)
    taxes = add(element, "Налоги")
    tax(taxes, order.vat_total)
    goods = add(element, "Товары")
    for line in order.lines.all():
        goods.append(line_element(line))
    requisites(element, order_requisites(order))
    return element


def buyer(parent, order: Order) -> None:
    entity = order.legal_entity
    party = add(add(parent, "Контрагенты"), "Контрагент")
    add(party, "Ид", f"portal-legal-entity-{entity.pk}")
    add(party, "Наименование", entity.name)
    add(party, "Роль", "Покупатель")
    add(party, "ОфициальноеНаименование", entity.name)
    add(add(party, "ЮридическийАдрес"), "Представление", entity.address)
    add(party, "ИНН", entity.inn)
    if entity.kpp:
        add(party, "КПП", entity.kpp)
    contact = add(add(party, "Контакты"), "Контакт")
    add(contact, "Тип", "Почта")
    add(contact, "Значение", order.author.email)
    person = add(add(party, "Представители"), "Представитель")
    add(person, "Отношение", "Контактное лицо")
    add(person, "Наименование", order.author.full_name)


def tax(parent, amount: Decimal, rate: Decimal | None = None, *, with_rate: bool = False) -> None:
    item = add(parent, "Налог")
    add(item, "Наименование", "НДС")
    add(item, "УчтеноВСумме", "true")
    add(item, "Сумма", money(amount))
    if with_rate:
        add(item, "Ставка", f"{rate.normalize():f}" if rate is not None else "Без НДС")


def line_element(line: OrderLine):
    element = etree.Element("Товар")
    configuration = line.configuration
    if configuration is not None:
        add(element, "Ид", configuration.get("model_code", ""))
    elif line.offer is not None:
        add(element, "Ид", line.offer.external_id)
    add(element, "Артикул", line.article)
    add(element, "Наименование", line.name)
    product = line.offer.product if line.offer is not None else None
    unit = {**PIECE, "Код": product.unit_code} if product and product.unit_code else PIECE
    add(element, "БазоваяЕдиница", line.unit, **unit)
    add(element, "ЦенаЗаЕдиницу", money(line.unit_price))
    add(element, "Количество", f"{line.quantity.normalize():f}")
    add(element, "Сумма", money(line.line_total))
    discount = round_money(line.quantity * line.unit_price) - line.line_total
    if line.discount_percent and discount > 0:
        item = add(add(element, "Скидки"), "Скидка")
        add(item, "Наименование", "Скидка")
        add(item, "Процент", f"{line.discount_percent.normalize():f}")
        add(item, "Сумма", money(discount))
        add(item, "УчтеноВСумме", "true")
    tax(add(element, "Налоги"), line.vat_amount, line.vat_rate, with_rate=True)
    pairs: list[tuple[str, object]] = [("ВидНоменклатуры", "Товар"), ("ТипНоменклатуры", "Товар")]
    if configuration is not None:
        summary = [(str(label), str(value)) for label, value in configuration.get("summary", [])]
        pairs = [
            ("ВидНоменклатуры", "Изделие по размерам"),
            ("ТипНоменклатуры", "Товар"),
            ("Модель изделия", configuration.get("model_code", "")),
            ("Конфигурация", "; ".join(f"{label}: {value}" for label, value in summary)),
            *summary,
        ]
    pairs.append(("НомерПозицииКорзины", line.position))
    requisites(element, pairs)
    return element


def order_requisites(order: Order) -> list[tuple[str, object]]:
    status = OrderStatus(order.status)
    pairs: list[tuple[str, object]] = [
        ("Статус заказа", russian_status(status)),  # 1C reads Russian, whoever asks
        ("Статуса заказа ИД", status.value),
        ("Отменен", flag(order.status == OrderStatus.CANCELLED)),
        ("Финальный статус", flag(order.status in FINAL_STATUSES)),
        ("Покупатель на портале", order.buyer.name),
        ("Сайт", SITE),
    ]
    if order.for_subdealer is not None:
        pairs.append(("Для субдилера", order.for_subdealer.name))
    if order.desired_delivery_date:
        pairs.append(("Желаемая дата поставки", order.desired_delivery_date.isoformat()))
    if order.colour:
        pairs.append(("Цвет", order.colour))
    if order.buyer_notes:
        pairs.append(("Комментарии покупателя", order.buyer_notes))
    if order.factory_number:
        pairs.append(("Номер в 1С", order.factory_number))
    return pairs
