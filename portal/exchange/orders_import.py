"""``sale/file``: 1C's own view of the portal's orders — its numbers, statuses, shipments and
payments (COMMERCEML.md §1.5).

Each ``Документ`` is matched to a portal order (never creates one: orders are born in the
portal) by the portal number in ``Номер``/``Ид``, by the 1C ``Ид`` seen before, or by
``Номер1С``. A document whose ``НомерВерсии`` is not newer than the last one applied is a
re-send and is skipped. Changes go through the order services as the exchange account — so
the workflow table decides what 1C may move, and the timeline shows who did it:

- ``Номер1С`` → the order's 1C number;
- ``Отменен``/``ПометкаУдаления`` → cancelled; «Статуса заказа ИД» or «Статус заказа» naming a
  portal status → that status; else ``Проведен`` → in production — each only where the
  workflow has a transition the seller may take;
- «Номер/Дата отгрузки по 1С» → a comment in the order's thread, once per shipment;
- «Номер/Дата оплаты по 1С» → the billing import of 1C payments (``payments_import_1c``).

Everything of one file is applied in one transaction: a refusal leaves nothing half-done.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from portal.audit.services import audit_record
from portal.billing.imports.onec import payments_import_1c
from portal.core.errors import DomainError, PermissionDenied
from portal.orders import services as order_services
from portal.orders.models import Order
from portal.orders.workflow import FINAL_STATUSES, OrderStatus, reachable_from, russian_status
from portal.organisations.actor import Actor
from portal.organisations.models import OrganisationKind

from .commerceml.documents import OrderDocument, read_order_documents
from .models import OrderExchangeState

TRUE = "true"
BRACKETED = re.compile(r"^\[(?P<code>[^\]]+)\]\s*(?P<name>.*)$")


@dataclass
class SaleImportReport:
    updated: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)
    payments_created: int = 0
    payments_unchanged: int = 0

    def lines(self) -> list[str]:
        return [
            f"Заказов изменено: {self.updated}, без изменений: {self.unchanged}.",
            f"Оплат записано: {self.payments_created}, уже было: {self.payments_unchanged}.",
            *self.notes,
        ]


@transaction.atomic
def sale_documents_import(
    *, seller: Actor, accountant: Actor, path: Path, name: str
) -> SaleImportReport:
    """Apply one 1C orders file: statuses and numbers as ``seller``, payments as
    ``accountant`` (the two faces of the exchange account). Raises ImportRefused/DomainError."""
    report = SaleImportReport()
    documents = list(read_order_documents(path, name))  # a file too large is refused unread
    for document in documents:
        order_document_apply(document, actor=seller, report=report)
    payments = payments_import_1c(actor=accountant, path=path, name=name)
    report.payments_created, report.payments_unchanged = payments.created, payments.unchanged
    report.notes += payments.skipped
    audit_record(
        action="orders_imported_1c",
        actor=seller,
        changes={"file": name, "updated": report.updated, "unchanged": report.unchanged},
    )
    return report


def order_find(document: OrderDocument) -> Order | None:
    factory_orders = Order.objects.filter(seller__kind=OrganisationKind.FACTORY)
    keys = Q(number__in=[v for v in (document.number, document.external_id) if v])
    if document.external_id:
        keys |= Q(exchange_state__external_id=document.external_id)
    if document.number_1c:
        keys |= Q(factory_number=document.number_1c)
    matches = list(factory_orders.filter(keys).order_by("pk")[:5])
    for order in matches:  # the portal number wins over any other key
        if order.number in (document.number, document.external_id):
            return order
    return matches[0] if matches else None


def order_document_apply(document: OrderDocument, *, actor: Actor, report: SaleImportReport):
    order = order_find(document)
    if order is None:
        report.notes.append(f"{document.where}: такого заказа на портале нет — пропущен.")
        return
    state, _ = OrderExchangeState.objects.select_for_update().get_or_create(order=order)
    if is_stale(document.data_version, state.data_version):
        report.unchanged += 1
        return
    in_step = state.sent_version >= order.version  # 1C had the portal's latest version
    changed = apply_number(document, order, actor, report)
    changed |= apply_status(document, order, actor, report)
    changed |= apply_shipment(document, order, state, actor)
    order.refresh_from_db(fields=["version"])
    if document.external_id and document.external_id != order.number:
        state.external_id = document.external_id[:100]
    state.data_version = document.data_version[:64]
    if in_step:
        state.sent_version = order.version  # 1C's own changes need not go back to it
    state.save()
    if changed:
        report.updated += 1
    else:
        report.unchanged += 1


def apply_number(document, order: Order, actor: Actor, report) -> bool:
    number = document.number_1c.strip()[:64]
    if not number or number == order.factory_number or order.status in FINAL_STATUSES:
        return False
    return attempt(
        lambda: order_services.order_update_details(
            actor=actor, order_id=order.pk, factory_number=number
        ),
        document,
        report,
    )


def target_status(document: OrderDocument) -> str | None:
    if document.deleted or document.requisite("Отменен").lower() == TRUE:
        return OrderStatus.CANCELLED
    for value in (document.requisite("Статуса заказа ИД"), document.requisite("Статус заказа")):
        status = status_named(value)
        if status:
            return status
    if document.requisite("Проведен").lower() == TRUE:
        return OrderStatus.IN_PRODUCTION
    return None


def status_named(value: str) -> str | None:
    """A portal status by its code or its Russian name, also as Bitrix writes it: «[F] Имя»."""
    value = value.strip()
    bracketed = BRACKETED.match(value)
    candidates = [value, *(bracketed.group("code", "name") if bracketed else ())]
    for candidate in candidates:
        folded = candidate.strip().casefold()
        for status in OrderStatus:
            if folded in (status.value, russian_status(status).casefold()):
                return status.value
    return None


# What 1C may do to an order, as the seller, through the workflow's own services.
MOVES = {
    OrderStatus.IN_PRODUCTION: lambda actor, order: order_services.order_start_production(
        actor=actor, order_id=order.pk
    ),
    OrderStatus.CANCELLED: lambda actor, order: order_services.order_cancel(
        actor=actor, order_id=order.pk, reason="Отменён в 1С."
    ),
}


def apply_status(document, order: Order, actor: Actor, report) -> bool:
    target = target_status(document)
    order.refresh_from_db(fields=["status"])
    if target is None or target not in reachable_from(order.status):
        return False  # nothing new, or 1C is behind the portal
    move = MOVES.get(target)
    if move is None:
        report.notes.append(
            f"{document.where}: статус «{russian_status(target)}» из 1С портал ставит сам "
            f"(по изделиям) — заказ остаётся «{russian_status(order.status)}»."
        )
        return False
    return attempt(lambda: move(actor, order), document, report)


def apply_shipment(document, order: Order, state: OrderExchangeState, actor: Actor) -> bool:
    number = document.requisite("Номер отгрузки по 1С")[:64]
    if not number or number == state.shipment_number:
        return False
    when = document.requisite("Дата отгрузки по 1С")[:10]
    text = f"1С: отгрузка № {number}" + (f" от {when}" if when else "") + "."
    order_services.order_comment_add(actor=actor, order_id=order.pk, text=text)
    state.shipment_number = number
    return True


def attempt(change, document: OrderDocument, report: SaleImportReport) -> bool:
    """Run one service; a business refusal becomes a note and the rest of the file goes on."""
    try:
        change()
    except (DomainError, PermissionDenied) as refusal:
        report.notes.append(f"{document.where}: {refusal}")
        return False
    return True


def is_stale(new: str, last: str) -> bool:
    """``НомерВерсии`` not newer than the last applied one. 1C writes it as base64 of a
    big-endian counter; when either does not decode, only an equal value counts as stale."""
    if not new or not last:
        return False
    if new == last:
        return True
    newer, older = _counter(new), _counter(last)
    return newer is not None and older is not None and newer < older


def _counter(value: str) -> int | None:
    try:
        return int.from_bytes(base64.b64decode(value, validate=True), "big")
    except (binascii.Error, ValueError):
        return None
