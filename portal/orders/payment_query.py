"""Payment state as SQL, for lists that filter and sort by it (``payments.payment_status`` is
the same rule for one order in Python).

Billing plugs in here: when ``portal.billing.selectors`` offers ``paid_amount_expression()``
(the sum of payments on the order's invoices, as a subquery on the outer order), it replaces
the zero below. Until then no invoices exist and every order is unpaid.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, DecimalField, F, QuerySet, Value, When

from .payments import PaymentState

MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


def paid_amount_expression():
    try:
        from portal.billing.selectors import paid_amount_expression as billing_paid
    except ImportError:
        return Value(Decimal("0.00"), output_field=MONEY_FIELD)
    return billing_paid()


def with_payment_state(orders: QuerySet) -> QuerySet:
    """Annotate ``paid_amount`` and ``payment_state`` (a ``PaymentState`` value)."""
    return orders.annotate(paid_amount=paid_amount_expression()).annotate(
        payment_state=Case(
            When(paid_amount__lte=0, then=Value(PaymentState.UNPAID.value)),
            When(paid_amount__lt=F("total"), then=Value(PaymentState.PARTIALLY_PAID.value)),
            default=Value(PaymentState.PAID.value),
        )
    )
