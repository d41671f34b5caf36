"""Payment status of an order: computed, never stored or typed in.

It comes from the invoices issued for the order and the payments against them (the billing
issue). Until billing exists there are no invoices, so every order is unpaid with its whole
total left to pay. Billing replaces ``_paid_amount`` with the sum of payments on the order's
invoices.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Order


class PaymentState(models.TextChoices):
    UNPAID = "unpaid", _("Не оплачен")
    PARTIALLY_PAID = "partially_paid", _("Частично оплачен")
    PAID = "paid", _("Оплачен")


@dataclass(frozen=True)
class PaymentStatus:
    state: str
    paid: Decimal
    remaining: Decimal

    @property
    def label(self) -> str:
        return PaymentState(self.state).label


def payment_status(order: Order) -> PaymentStatus:
    paid = _paid_amount(order)
    remaining = max(order.total - paid, Decimal("0.00"))
    if paid <= 0:
        state = PaymentState.UNPAID
    elif remaining > 0:
        state = PaymentState.PARTIALLY_PAID
    else:
        state = PaymentState.PAID
    return PaymentStatus(state=state, paid=paid, remaining=remaining)


def _paid_amount(order: Order) -> Decimal:
    """The paid part of the order's invoices (``portal.billing.order_status``)."""
    from portal.billing.order_status import order_payment_status

    return order_payment_status(order).paid
