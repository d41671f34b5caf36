"""A legal entity's money at a glance, and its statement of account (акт сверки) for a period.

Both are read from the ledger only: the balance is the sum of movements, so any date works.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from portal.organisations.models import LegalEntity

from . import ledger
from .credit import limit_for, pending_orders_total
from .models import Invoice, LedgerEntry
from .money import ZERO, money_sum


@dataclass(frozen=True)
class Balance:
    legal_entity: LegalEntity
    on: date
    balance: Decimal  # > 0 debt, < 0 advance
    overdue: Decimal
    credit_limit: Decimal | None
    credit_mode: str
    credit_scope: str  # "legal_entity" / "dealer" / ""
    pending_orders: Decimal

    @property
    def debt(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def advance(self) -> Decimal:
        return max(-self.balance, ZERO)

    @property
    def credit_left(self) -> Decimal | None:
        """What can still be ordered: limit − (debt of all covered entities + pending orders)."""
        if self.credit_limit is None:
            return None
        return self.credit_limit - self.credit_used

    credit_used: Decimal = ZERO


def overdue_debt(legal_entity_id: int, *, on: date) -> Decimal:
    """What is left to pay on invoices whose due date has passed."""
    rows = Invoice.objects.overdue(on=on).filter(buyer_id=legal_entity_id)
    return money_sum(rows, "total") - money_sum(rows, "paid_amount")


def balance_of(legal_entity: LegalEntity, *, on: date | None = None) -> Balance:
    on = on or timezone.localdate()
    limit, covered = limit_for(legal_entity)
    used = ZERO
    pending = ZERO
    if limit is not None:
        pending = pending_orders_total(covered)
        used = ledger.balance(covered, on=on) + pending
    return Balance(
        legal_entity=legal_entity,
        on=on,
        balance=ledger.balance(legal_entity.pk, on=on),
        overdue=overdue_debt(legal_entity.pk, on=on),
        credit_limit=limit.amount if limit else None,
        credit_mode=limit.mode if limit else "",
        credit_scope=("legal_entity" if limit.legal_entity_id else "dealer") if limit else "",
        pending_orders=pending,
        credit_used=used,
    )


@dataclass(frozen=True)
class StatementRow:
    entry: LedgerEntry
    debit: Decimal  # raises the debt: invoices, reversals
    credit: Decimal  # lowers it: payments, cancellations
    balance: Decimal


@dataclass(frozen=True)
class Statement:
    legal_entity: LegalEntity
    date_from: date
    date_to: date
    opening: Decimal
    rows: list[StatementRow]
    closing: Decimal

    @property
    def debit_total(self) -> Decimal:
        return sum((row.debit for row in self.rows), start=ZERO)

    @property
    def credit_total(self) -> Decimal:
        return sum((row.credit for row in self.rows), start=ZERO)


def statement(legal_entity: LegalEntity, *, date_from: date, date_to: date) -> Statement:
    """Opening balance at the start of ``date_from``, each movement of the period with the
    running balance, and the closing balance at the end of ``date_to``."""
    opening = ledger.balance(legal_entity.pk, on=date_from - timedelta(days=1))
    entries = (
        LedgerEntry.objects.filter(
            legal_entity=legal_entity, date__gte=date_from, date__lte=date_to
        )
        .select_related("invoice", "payment")
        .order_by("date", "id")
    )
    running = opening
    rows = []
    for entry in entries:
        running += entry.amount
        rows.append(
            StatementRow(
                entry=entry,
                debit=entry.amount if entry.amount > 0 else ZERO,
                credit=-entry.amount if entry.amount < 0 else ZERO,
                balance=running,
            )
        )
    return Statement(legal_entity, date_from, date_to, opening, rows, running)
