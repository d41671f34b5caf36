"""Receiving payments, applying them to invoices, reversing them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.core.money import round_money
from portal.organisations.models import LegalEntity, OrganisationKind
from portal.pricing.formatting import format_money

from .. import ledger, policies
from ..models import Allocation, LedgerKind, Payment, PaymentSource, PaymentStatus
from ..models.invoices import OPEN_STATUSES
from ..money import ZERO, money_sum
from ..selectors import legal_entity_money_get_for, payment_get_for
from ..status import invoice_refresh
from .common import lock_invoices, lock_legal_entity, lock_payment

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def _require_accountant(actor: Actor) -> None:
    if not policies.can_manage_payments(actor):
        raise PermissionDenied("Оплаты вносит и разносит бухгалтер завода.")


@dataclass(frozen=True)
class Receipt:
    """A payment as it arrives: typed in, from 1C, or from a bank statement row."""

    payer_id: int
    amount: Decimal
    on: date
    number: str = ""
    purpose: str = ""
    source: str = PaymentSource.PORTAL
    external_id: str = ""


@transaction.atomic
def payment_register(
    *,
    actor: Actor,
    payer_id: int,
    amount: Decimal,
    on: date,
    number: str = "",
    purpose: str = "",
    invoice_ids: Sequence[int] = (),
) -> Payment:
    """The accountant records a payment and applies it (to ``invoice_ids`` first, then to the
    oldest due invoices); what is left is the buyer's advance."""
    legal_entity_money_get_for(actor, payer_id)  # 404 for a stranger's or unknown payer
    _require_accountant(actor)
    receipt = Receipt(payer_id=payer_id, amount=amount, on=on, number=number, purpose=purpose)
    payment, _ = receive(receipt, user=actor.user, prefer=invoice_ids)
    audit_record(
        action="payment_registered",
        actor=actor,
        organisation=payment.payer.organisation,
        obj=payment,
        changes={"amount": str(payment.amount), "number": payment.number},
    )
    return payment


def receive(
    receipt: Receipt, *, user=None, prefer: Sequence[int] = (), only: bool = False
) -> tuple[Payment, bool]:
    """Store a payment once (by its external id) and apply it; inside the caller's
    transaction. Returns the payment and whether it was new. With ``only`` the payment is
    applied to the ``prefer`` invoices alone (a 1C payment of one order)."""
    amount = round_money(receipt.amount)
    if amount <= 0:
        raise DomainError("Сумма оплаты должна быть больше нуля.", field="amount")
    if receipt.on > timezone.localdate():
        raise DomainError("Дата оплаты не может быть в будущем.", field="date")
    payer = lock_legal_entity(receipt.payer_id)
    if receipt.external_id:
        existing = Payment.objects.filter(
            source=receipt.source, external_id=receipt.external_id
        ).first()
        if existing is not None:
            return existing, False
    payment = Payment.objects.create(
        date=receipt.on,
        amount=amount,
        number=receipt.number.strip()[:64],
        payer=payer,
        source=receipt.source,
        external_id=receipt.external_id,
        purpose=receipt.purpose.strip()[:1000],
        registered_by=user,
    )
    number = f" № {payment.number}" if payment.number else ""
    ledger.post(
        legal_entity_id=payer.pk,
        on=payment.date,
        kind=LedgerKind.PAYMENT,
        amount=-amount,
        description=f"Оплата{number} от {payment.date:%d.%m.%Y}",
        payment=payment,
        user=user,
    )
    apply(payment, prefer=prefer, only=only)
    return payment, True


def unallocated(payment: Payment) -> Decimal:
    if payment.status == PaymentStatus.REVERSED:
        return ZERO
    allocated = money_sum(payment.allocations.all())
    return payment.amount - allocated


def apply(
    payment: Payment,
    *,
    prefer: Sequence[int] = (),
    only: bool = False,
    invoice_id: int | None = None,
    amount: Decimal | None = None,
) -> list[Allocation]:
    """Apply what is left of ``payment`` to the payer's open invoices, oldest due first
    (``prefer`` ones before the rest), or ``amount`` of it to one invoice. The payer's row
    must already be locked."""
    free = unallocated(payment)
    invoices = lock_invoices(buyer_id=payment.payer_id, status__in=OPEN_STATUSES)
    if invoice_id is not None:
        target = next((i for i in invoices if i.pk == invoice_id), None)
        if target is None:
            raise DomainError("Этот счёт не ждёт оплаты от этого плательщика.", field="invoice")
        amount = round_money(amount) if amount is not None else None
        if amount is not None and amount <= 0:
            raise DomainError("Сумма разнесения должна быть больше нуля.", field="amount")
        if amount is not None and amount > free:
            text = format_money(free, currency=True, language="ru")
            raise DomainError(f"В оплате свободно только {text}.", field="amount")
        if amount is not None and amount > target.remaining:
            text = format_money(target.remaining, currency=True, language="ru")
            raise DomainError(f"По счёту осталось оплатить только {text}.", field="amount")
        invoices, free = [target], amount if amount is not None else free
    else:
        rank = {pk: index for index, pk in enumerate(prefer)}
        if only:
            invoices = [i for i in invoices if i.pk in rank]
        invoices.sort(key=lambda i: (rank.get(i.pk, len(rank)), i.due_date, i.date, i.pk))
    made = []
    for invoice in invoices:
        if free <= 0:
            break
        share = min(free, invoice.remaining)
        if share <= 0:
            continue
        allocation, created = Allocation.objects.get_or_create(
            payment=payment, invoice=invoice, defaults={"amount": share}
        )
        if not created:
            allocation.amount += share
            allocation.save(update_fields=["amount"])
        invoice_refresh(invoice)
        free -= share
        made.append(allocation)
    return made


@transaction.atomic
def payment_allocate(
    *,
    actor: Actor,
    payment_id: int,
    invoice_id: int | None = None,
    amount: Decimal | None = None,
) -> list[Allocation]:
    """Apply a payment's free remainder: to one invoice (optionally only ``amount`` of it), or
    by default to the payer's open invoices, oldest due first."""
    seen = payment_get_for(actor, payment_id)
    _require_accountant(actor)
    lock_legal_entity(seen.payer_id)
    payment = lock_payment(payment_id)
    if payment.is_reversed:
        raise DomainError("Оплата сторнирована: разносить нечего.", field="payment")
    if unallocated(payment) <= 0:
        raise DomainError("Оплата уже разнесена полностью.", field="payment")
    made = apply(payment, invoice_id=invoice_id, amount=amount)
    if not made:
        raise DomainError("У плательщика нет счетов, ждущих оплаты.", field="invoice")
    audit_record(
        action="payment_allocated",
        actor=actor,
        organisation=seen.payer.organisation,
        obj=payment,
        changes={"invoices": [a.invoice_id for a in made]},
    )
    return made


@transaction.atomic
def payment_reverse(*, actor: Actor, payment_id: int, reason: str) -> Payment:
    """Undo a payment (returned, wrong payer, duplicate): its allocations go, the ledger gets a
    reversal row, the row itself stays for the history."""
    seen = payment_get_for(actor, payment_id)
    _require_accountant(actor)
    reason = reason.strip()
    if not reason:
        raise DomainError("Укажите причину сторно.", field="reason")
    lock_legal_entity(seen.payer_id)
    payment = lock_payment(payment_id)
    if payment.is_reversed:
        raise DomainError("Оплата уже сторнирована.", field="payment")
    invoice_ids = list(payment.allocations.values_list("invoice_id", flat=True))
    payment.allocations.all().delete()
    for invoice in lock_invoices(pk__in=invoice_ids):
        invoice_refresh(invoice)
    payment.status = PaymentStatus.REVERSED
    payment.reversed_at = timezone.now()
    payment.reversal_reason = reason[:500]
    payment.save(update_fields=["status", "reversed_at", "reversal_reason"])
    ledger.post(
        legal_entity_id=payment.payer_id,
        on=timezone.localdate(),
        kind=LedgerKind.PAYMENT_REVERSED,
        amount=payment.amount,
        description=f"Сторно: {payment}. {payment.reversal_reason}",
        payment=payment,
        user=actor.user,
    )
    audit_record(
        action="payment_reversed",
        actor=actor,
        organisation=seen.payer.organisation,
        obj=payment,
        changes={"reason": payment.reversal_reason, "invoices": invoice_ids},
    )
    return payment


@transaction.atomic
def ledger_adjust(
    *, actor: Actor, legal_entity_id: int, amount: Decimal, on: date, reason: str
) -> None:
    """A manual correction of a balance (+ raises the debt), e.g. an opening balance from 1C."""
    entity = legal_entity_money_get_for(actor, legal_entity_id)
    _require_accountant(actor)
    amount = round_money(amount)
    if amount == 0:
        raise DomainError("Сумма корректировки не может быть нулевой.", field="amount")
    if not reason.strip():
        raise DomainError("Укажите основание корректировки.", field="reason")
    lock_legal_entity(entity.pk)
    row = ledger.post(
        legal_entity_id=entity.pk,
        on=on,
        kind=LedgerKind.ADJUSTMENT,
        amount=amount,
        description=reason.strip(),
        user=actor.user,
    )
    audit_record(
        action="ledger_adjusted",
        actor=actor,
        organisation=entity.organisation,
        obj=row,
        changes={"amount": str(amount), "reason": reason.strip()},
    )


def payer_by_inn(inn: str) -> LegalEntity | None:
    """The dealer legal entity with this INN (the oldest one when several share it)."""
    return (
        LegalEntity.objects.filter(inn=inn, organisation__kind=OrganisationKind.DEALER)
        .order_by("pk")
        .first()
    )
