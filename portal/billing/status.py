"""The one function that derives an invoice's status and paid amount from its allocations."""

from __future__ import annotations

from django.db import transaction

from .models import Allocation, Invoice, InvoiceStatus
from .money import money_sum


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
    return invoice
