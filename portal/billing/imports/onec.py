"""Payments reported by 1C in order documents (CommerceML ``Документ``, sale exchange).

1C echoes the portal's order back with the requisites «Номер оплаты по 1С» and «Дата оплаты
по 1С» once it is paid (UT 11 / Bitrix module form; see COMMERCEML.md 1.5). Each such document
becomes one payment of ``Сумма`` by the order's legal entity, keyed by the document's ``Ид``
and the payment number, and is applied to the order's invoice — created from the order's
snapshot under 1C's number when the portal has not issued one. Importing the same file again
finds every payment already there and changes nothing.

The file is read with the exchange's hardened ``iterparse`` (no DTD, no entities, no network),
matching elements by local name so every schema version and namespace reads the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction

from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.core.money import to_decimal
from portal.exchange.commerceml.documents import OrderDocument, read_order_documents
from portal.exchange.commerceml.safety import ImportRefused
from portal.orders.models import Order

from .. import policies
from ..models import Invoice, InvoiceSource, Payment, PaymentSource
from ..services.common import lock_legal_entity
from ..services.invoices import IssueDetails, issue_for_order
from ..services.payments import Receipt, receive

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

PAYMENT_NUMBER = "Номер оплаты по 1С"
PAYMENT_DATE = "Дата оплаты по 1С"


def read_documents(path: Path, name: str) -> Iterator[OrderDocument]:
    """Every top-level ``Документ`` of the file that carries a 1C payment."""
    for document in read_order_documents(path, name):
        if document.requisite(PAYMENT_NUMBER):
            yield document


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)


def _date(value: str, what: str, document: OrderDocument) -> date:
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        raise DomainError(
            f"Документ «{document.number}» (строка {document.line}): {what} «{value}» — "
            "не дата в формате ГГГГ-ММ-ДД.",
            field="file",
        ) from None


@transaction.atomic
def payments_import_1c(*, actor: Actor, path: Path, name: str) -> ImportReport:
    """Import the payments of one 1C documents file; all or nothing."""
    if not policies.can_manage_payments(actor):
        raise PermissionDenied("Загружать оплаты может бухгалтер завода.")
    report = ImportReport()
    try:
        documents = list(read_documents(path, name))
    except ImportRefused as refusal:
        raise DomainError(refusal.message, field="file") from None
    for document in documents:
        where = f"Документ «{document.number}» (строка {document.line})"
        if document.deleted:
            report.skipped.append(f"{where}: помечен на удаление в 1С.")
            continue
        order = Order.objects.filter(number=document.number).first()
        if order is None and document.number_1c:
            order = Order.objects.filter(factory_number=document.number_1c).first()
        if order is None:
            report.skipped.append(f"{where}: заказа с таким номером на портале нет.")
            continue
        try:
            amount = to_decimal(document.amount)
        except ValueError:
            raise DomainError(
                f"{where}: сумма «{document.amount}» — не число.", field="file"
            ) from None
        paid_on = _date(
            document.requisite(PAYMENT_DATE) or document.date_1c, "дата оплаты", document
        )
        external_id = f"{document.external_id}:{document.requisite(PAYMENT_NUMBER)}"
        lock_legal_entity(order.legal_entity_id)  # concurrent imports of one file queue here
        if Payment.objects.filter(source=PaymentSource.ONE_C, external_id=external_id).exists():
            report.unchanged += 1
            continue
        try:
            invoice = _invoice_of(order, document, actor)
        except DomainError as refusal:  # nothing written (a refused INSERT is rolled back)
            report.skipped.append(f"{where}: {refusal.message}")
            continue
        _, created = receive(
            Receipt(
                payer_id=order.legal_entity_id,
                amount=amount,
                on=paid_on,
                number=document.requisite(PAYMENT_NUMBER),
                purpose=f"Оплата заказа {order.number} (1С)",
                source=PaymentSource.ONE_C,
                external_id=external_id,
            ),
            user=actor.user,
            prefer=[invoice.pk],
            only=True,
        )
        report.created += int(created)
    audit_record(
        action="payments_imported_1c",
        actor=actor,
        changes={"file": name, "created": report.created, "unchanged": report.unchanged},
    )
    return report


def _invoice_of(order: Order, document: OrderDocument, actor: Actor) -> Invoice:
    """The order's live invoice; else one made now from the order under 1C's number."""
    existing = Invoice.objects.live().filter(orders=order).order_by("pk").first()
    if existing is not None:
        return existing
    made_before = (
        Invoice.objects.filter(source=InvoiceSource.ONE_C, external_id=document.external_id)
        .order_by("pk")
        .first()
        if document.external_id
        else None
    )
    if made_before is not None:  # cancelled on the portal: 1C's number and Ид are taken
        raise DomainError(
            f"{made_before} из 1С по этому заказу отменён на портале — оплата не записана, "
            "внесите её вручную."
        )
    on = _date(document.date_1c, "дата документа", document) if document.date_1c else None
    return issue_for_order(
        order,
        details=IssueDetails(
            source=InvoiceSource.ONE_C,
            number=document.number_1c or document.number,
            on=on,
            external_id=document.external_id,
        ),
        user=actor.user,
    )
