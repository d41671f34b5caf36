"""Writing to and reading from the ledger. The balance is only ever a sum of its rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from .models import Invoice, LedgerEntry, Payment
from .money import money_sum


def post(
    *,
    legal_entity_id: int,
    on: date,
    kind: str,
    amount: Decimal,
    description: str,
    invoice: Invoice | None = None,
    payment: Payment | None = None,
    user=None,
) -> LedgerEntry:
    """One movement; ``amount`` > 0 raises the debt, < 0 lowers it."""
    return LedgerEntry.objects.create(
        legal_entity_id=legal_entity_id,
        date=on,
        kind=kind,
        amount=amount,
        description=description[:500],
        invoice=invoice,
        payment=payment,
        created_by=user,
    )


def balance(legal_entity_ids: int | Iterable[int], *, on: date | None = None) -> Decimal:
    """Debt (> 0) or advance (< 0) at the end of ``on`` (today and later when None)."""
    ids = [legal_entity_ids] if isinstance(legal_entity_ids, int) else list(legal_entity_ids)
    rows = LedgerEntry.objects.filter(legal_entity_id__in=ids)
    if on is not None:
        rows = rows.filter(date__lte=on)
    return money_sum(rows)
