"""Payment state as SQL, for lists that filter by it and show it on many rows at once
(``payments.payment_status`` is the same rule for one order).

The paid part comes from billing (``portal.billing.order_status.paid_amount_expression``: the
payments on the order's invoices, one subquery per row); nothing is stored on the order.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, F, QuerySet, Value, When

from .payments import PaymentState


def paid_amount_expression():
    from portal.billing.order_status import paid_amount_expression as billing_paid  # a cycle

    return billing_paid()


def with_paid_amount(orders: QuerySet) -> QuerySet:
    return orders.annotate(paid_amount=paid_amount_expression())


def state_of(total: Decimal, paid: Decimal) -> str:
    """The same rule as the CASE below, for rows already read (lists show many)."""
    if paid <= 0:
        return PaymentState.UNPAID.value
    return PaymentState.PARTIALLY_PAID.value if paid < total else PaymentState.PAID.value


def with_payment_state(orders: QuerySet) -> QuerySet:
    """Annotate ``paid_amount`` and ``payment_state`` (a ``PaymentState`` value), for filtering."""
    return with_paid_amount(orders).annotate(
        payment_state=Case(
            When(paid_amount__lte=0, then=Value(PaymentState.UNPAID.value)),
            When(paid_amount__lt=F("total"), then=Value(PaymentState.PARTIALLY_PAID.value)),
            default=Value(PaymentState.PAID.value),
        )
    )
