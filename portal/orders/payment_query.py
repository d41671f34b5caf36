"""Payment state as SQL, for lists that filter by it and show it on many rows at once
(``payments.payment_status`` is the same rule for one order).

The paid part is ``Order.paid_amount``: billing stores it whenever an invoice's allocations
change (``portal.billing.status.invoice_refresh``), so a list reads it like any column.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q

from .payments import PaymentState


def state_of(total: Decimal, paid: Decimal) -> str:
    """The state of a row already read (lists show many)."""
    if paid <= 0:
        return PaymentState.UNPAID.value
    return PaymentState.PARTIALLY_PAID.value if paid < total else PaymentState.PAID.value


def payment_state_is(state: str) -> Q:
    """The same rule as ``state_of`` as a condition on plain columns, which the planner
    estimates well (a CASE over a subquery made it sort a big dealer's whole list)."""
    if state == PaymentState.UNPAID:
        return Q(paid_amount__lte=0)
    if state == PaymentState.PARTIALLY_PAID:
        return Q(paid_amount__gt=0, paid_amount__lt=F("total"))
    return Q(paid_amount__gt=0, paid_amount__gte=F("total"))
