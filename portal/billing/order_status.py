"""An order's payment status (unpaid / partially paid with what is left / paid), derived from
the invoices issued for it and the payments applied to them. Nobody types it in: the paid part
is stored on the order (``Order.paid_amount``) by ``status.invoice_refresh`` for lists. The
states and their rule are ``portal.orders.payments``."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, DecimalField, F, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest

from portal.orders.payments import PaymentState

from .models import InvoiceOrder, InvoiceStatus
from .money import ZERO, money_sum

if TYPE_CHECKING:
    from portal.orders.models import Order


def order_paid_amount(order: Order) -> Decimal:
    links = InvoiceOrder.objects.filter(order=order).exclude(
        invoice__status=InvoiceStatus.CANCELLED
    )
    return money_sum(links, "paid_amount")


MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


def paid_amount_expression():
    """The paid part of the outer order (``OuterRef("pk")``), as one SQL subquery: the
    per-order paid parts of its invoices that are not cancelled. ``status.invoice_refresh``
    stores it on the orders of an invoice whose allocations changed."""
    paid = (
        InvoiceOrder.objects.filter(order=OuterRef("pk"))
        .exclude(invoice__status=InvoiceStatus.CANCELLED)
        .values("order")
        .annotate(s=Sum("paid_amount"))
        .values("s")
    )
    return Coalesce(Subquery(paid, output_field=MONEY_FIELD), Value(ZERO), output_field=MONEY_FIELD)


def with_payment_status(orders: models.QuerySet) -> models.QuerySet:
    """Annotate ``payment_remaining`` and ``payment_state`` on many orders at once (from the
    stored ``Order.paid_amount``), so a list can show and filter by them:
    ``with_payment_status(qs).filter(payment_state="partially_paid")``."""
    return orders.annotate(
        payment_remaining=Greatest(F("total") - F("paid_amount"), Value(ZERO)),
        payment_state=Case(
            When(paid_amount__lte=0, then=Value(PaymentState.UNPAID)),
            When(payment_remaining__gt=0, then=Value(PaymentState.PARTIALLY_PAID)),
            default=Value(PaymentState.PAID),
            output_field=models.CharField(),
        ),
    )
