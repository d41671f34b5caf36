"""The one function that derives an invoice's status and paid amount from its allocations."""

from __future__ import annotations

from django.db import transaction

from portal.orders.models import Order

from .models import Allocation, Invoice, InvoiceStatus
from .money import money_sum
from .order_status import paid_amount_expression


def invoice_refresh(invoice: Invoice) -> Invoice:
    """Recompute ``paid_amount``, ``status`` and the per-order paid parts; save them.

    Call in the transaction that changed the invoice's allocations, with the invoice locked.
    A cancelled invoice stays cancelled (it has no allocations left).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("invoice_refresh() must run inside the changing transaction")
    paid = money_sum(Allocation.objects.filter(invoice=invoice))
    invoice.paid_amount = paid
    if invoice.status != InvoiceStatus.CANCELLED:
        if paid <= 0:
            invoice.status = InvoiceStatus.ISSUED
        elif paid < invoice.total:
            invoice.status = InvoiceStatus.PARTIALLY_PAID
        else:
            invoice.status = InvoiceStatus.PAID
    invoice.save(update_fields=["paid_amount", "status"])
    left = paid
    for link in invoice.order_links.order_by("id"):
        share = min(left, link.amount)
        if link.paid_amount != share:
            link.paid_amount = share
            link.save(update_fields=["paid_amount"])
        left -= share
    _orders_refresh(invoice)
    return invoice


def _orders_refresh(invoice: Invoice) -> None:
    """Store the paid part of the invoice's orders (``Order.paid_amount``) again.

    The callers hold the buyer's legal-entity lock, and an order's invoices all bill its legal
    entity, so no other transaction changes these orders' paid parts meanwhile."""
    Order.objects.filter(pk__in=invoice.order_links.values("order_id")).update(
        paid_amount=paid_amount_expression()
    )
