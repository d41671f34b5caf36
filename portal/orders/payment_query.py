"""Payment state as SQL, for lists that filter by it and show it on many rows at once
(``payments.state_of`` is the same rule for a row already read).

The paid part is ``Order.paid_amount``: billing stores it whenever an invoice's allocations
change (``portal.billing.status.invoice_refresh``), so a list reads it like any column.
"""

from __future__ import annotations

from django.db.models import F, Q

from .payments import PaymentState


def payment_state_is(state: str) -> Q:
    """The same rule as ``payments.state_of`` as a condition on plain columns, which the planner
    estimates well (a CASE over a subquery made it sort a big dealer's whole list)."""
    if state == PaymentState.UNPAID:
        return Q(paid_amount__lte=0)
    if state == PaymentState.PARTIALLY_PAID:
        return Q(paid_amount__gt=0, paid_amount__lt=F("total"))
    return Q(paid_amount__gt=0, paid_amount__gte=F("total"))
