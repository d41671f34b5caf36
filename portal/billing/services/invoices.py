"""Issuing and cancelling invoices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.orders.models import Order
from portal.orders.selectors import order_get_for
from portal.orders.workflow import OrderStatus, russian_status
from portal.organisations.models import LegalEntity
from portal.pricing.formatting import format_money

from .. import ledger, policies
from ..models import (
    Allocation,
    Invoice,
    InvoiceLine,
    InvoiceOrder,
    InvoiceSource,
    InvoiceStatus,
    LedgerKind,
)
from ..money import ZERO
from ..numbering import next_invoice_number
from ..selectors import invoice_get_for
from ..status import invoice_refresh
from .common import lock_invoices, lock_legal_entity

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

PAYMENT_TERM_DAYS = 10
INVOICEABLE = frozenset(
    {
        OrderStatus.CONFIRMED,
        OrderStatus.MODERATED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.PARTIALLY_SHIPPED,
        OrderStatus.COMPLETED,
    }
)


@dataclass(frozen=True)
class IssueDetails:
    """How an invoice is numbered and dated: the portal's counter, or 1C's own number."""

    source: str = InvoiceSource.PORTAL
    number: str = ""
    on: date | None = None
    due_date: date | None = None
    external_id: str = ""


@transaction.atomic
def invoice_issue_for_order(
    *, actor: Actor, order_id: int, on: date | None = None, due_date: date | None = None
) -> Invoice:
    """One click: an invoice for a confirmed (or later) order, lines from its snapshot.
    ``on`` (today by default) and ``due_date`` (``PAYMENT_TERM_DAYS`` later) may be given."""
    order = order_get_for(actor, order_id)  # 404 for missing and not-yours
    if not policies.can_issue_invoice(actor, order.legal_entity):
        raise PermissionDenied(
            "Выставить счёт может бухгалтер или администратор завода либо менеджер дилера."
        )
    if order.status not in INVOICEABLE:
        raise DomainError(
            f"Счёт выставляется по подтверждённому заказу, а этот заказ в статусе "
            f"«{russian_status(order.status)}».",
            field="order",
        )
    if on is not None and on > timezone.localdate():
        raise DomainError("Дата счёта не может быть в будущем.", field="date")
    details = IssueDetails(on=on, due_date=due_date)
    invoice = issue_for_order(order, details=details, user=actor.user)
    audit_record(
        action="invoice_issued",
        actor=actor,
        organisation=invoice.buyer.organisation,
        obj=invoice,
        changes={"order": order.number, "total": str(invoice.total)},
    )
    return invoice


def issue_for_order(order: Order, *, details: IssueDetails, user=None) -> Invoice:
    """Create the invoice of ``order`` (checks of the order itself; no policy): shared by the
    portal's button and by the 1C import. Runs inside the caller's transaction."""
    buyer = lock_legal_entity(order.legal_entity_id)
    order = Order.objects.select_for_update(of=("self",)).select_related("seller").get(pk=order.pk)
    if not order.sold_by_factory:
        raise DomainError("Счёт завода выставляется только по заказу заводу.", field="order")
    existing = Invoice.objects.live().filter(orders=order).first()
    if existing is not None:
        raise DomainError(f"По заказу {order.number} уже выставлен {existing}.", field="order")
    lines = list(order.lines.order_by("position"))
    if not lines:
        raise DomainError("В заказе нет строк: выставлять нечего.", field="order")
    supplier = _supplier_of(order)
    on = details.on or timezone.localdate()
    due_date = details.due_date or on + timedelta(days=PAYMENT_TERM_DAYS)
    if due_date < on:
        raise DomainError("Срок оплаты не может быть раньше даты счёта.", field="due_date")
    if details.number:
        _check_number_free(supplier, on.year, details)
    number = details.number or next_invoice_number(supplier, on.year)
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                number=number,
                year=on.year,
                date=on,
                due_date=due_date,
                supplier=supplier,
                buyer=buyer,
                source=details.source,
                external_id=details.external_id,
                vat_total=sum((line.vat_amount for line in lines), start=ZERO),
                total=sum((line.line_total for line in lines), start=ZERO),
                issued_by=user,
            )
    except IntegrityError:
        # The check above cannot see another buyer's invoice not yet committed (imports lock
        # only their own buyer), so the unique constraint has the last word: the INSERT waits
        # for that transaction, and once it has committed the check sees the number taken and
        # names the holder. A violation the check cannot explain goes on up.
        if details.number:
            _check_number_free(supplier, on.year, details)
        raise
    InvoiceLine.objects.bulk_create(
        InvoiceLine(
            invoice=invoice,
            position=index,
            order_line=line,
            name=line.name,
            article=line.article,
            unit=line.unit,
            quantity=line.quantity,
            price=line.unit_price,
            vat_rate=line.vat_rate,
            vat_amount=line.vat_amount,
            total=line.line_total,
        )
        for index, line in enumerate(lines, start=1)
    )
    InvoiceOrder.objects.create(invoice=invoice, order=order, amount=invoice.total)
    if invoice.total > 0:
        ledger.post(
            legal_entity_id=buyer.pk,
            on=on,
            kind=LedgerKind.INVOICE,
            amount=invoice.total,
            description=f"{invoice} по заказу {order.number}",
            invoice=invoice,
            user=user,
        )
    if details.source == InvoiceSource.PORTAL:
        from ..tasks import invoice_email_task

        transaction.on_commit(lambda: invoice_email_task.enqueue(invoice_id=invoice.pk))
    return invoice


def _check_number_free(supplier: LegalEntity, year: int, details: IssueDetails) -> None:
    """A number given from outside (1C's) is unique among that source's invoices of the
    supplier and year only: the portal's own numbers are another space (see the constraint)."""
    taken = (
        Invoice.objects.filter(
            supplier=supplier, year=year, source=details.source, number=details.number
        )
        .order_by("pk")
        .first()
    )
    if taken is not None:
        raise DomainError(
            f"номер счёта «{details.number}» за {year} год в 1С уже носит {taken} "
            f"(Ид в 1С «{taken.external_id or '—'}») — счёт не создан, оплата не записана; "
            "проверьте номер документа в 1С.",
            field="number",
        )


def _supplier_of(order: Order) -> LegalEntity:
    supplier = (
        LegalEntity.objects.filter(organisation_id=order.seller_id, is_active=True)
        .order_by("pk")
        .first()
    )
    if supplier is None:
        raise DomainError(
            "У завода нет действующего юрлица: добавьте его с банковскими реквизитами.",
            field="supplier",
        )
    return supplier


@transaction.atomic
def invoice_cancel(*, actor: Actor, invoice_id: int, reason: str = "") -> Invoice:
    """Cancel an invoice; payments applied to it become the buyer's advance again."""
    seen = invoice_get_for(actor, invoice_id)
    if not policies.can_cancel_invoice(actor, seen.buyer):
        raise PermissionDenied("Отменить счёт может тот, кто вправе его выставить.")
    lock_legal_entity(seen.buyer_id)
    [invoice] = lock_invoices(pk=invoice_id)
    if invoice.status == InvoiceStatus.CANCELLED:
        raise DomainError(f"{invoice} уже отменён.", field="status")
    released = list(Allocation.objects.filter(invoice=invoice).values_list("payment_id", "amount"))
    Allocation.objects.filter(invoice=invoice).delete()
    invoice.status = InvoiceStatus.CANCELLED
    invoice.cancelled_at = timezone.now()
    invoice.cancel_reason = reason.strip()[:500]
    invoice.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    invoice_refresh(invoice)
    if invoice.total > 0:
        ledger.post(
            legal_entity_id=invoice.buyer_id,
            on=timezone.localdate(),
            kind=LedgerKind.INVOICE_CANCELLED,
            amount=-invoice.total,
            description=f"Отмена: {invoice}",
            invoice=invoice,
            user=actor.user,
        )
    audit_record(
        action="invoice_cancelled",
        actor=actor,
        organisation=seen.buyer.organisation,
        obj=invoice,
        changes={
            "reason": invoice.cancel_reason,
            "released": [
                [pk, format_money(amount, currency=True, language="ru")] for pk, amount in released
            ],
        },
    )
    return invoice
