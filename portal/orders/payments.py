"""Payment status of an order: computed, never stored or typed in.

It comes from the invoices issued for the order and the payments applied to them
(``portal.billing.order_status``). One rule, ``state_of``, names the state here and on the
lists (``payment_query``, ``portal.billing.order_status.with_payment_status``).
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


def state_of(total: Decimal, paid: Decimal) -> str:
    """Nothing paid: unpaid; less than the total: partially paid; else paid."""
    if paid <= 0:
        return PaymentState.UNPAID.value
    return PaymentState.PARTIALLY_PAID.value if paid < total else PaymentState.PAID.value


def payment_status(order: Order) -> PaymentStatus:
    from portal.billing.order_status import order_paid_amount

    paid = order_paid_amount(order)
    return PaymentStatus(
        state=state_of(order.total, paid),
        paid=paid,
        remaining=max(order.total - paid, Decimal("0.00")),
    )
