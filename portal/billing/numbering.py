"""Portal invoice numbers: «П-000123», per supplier and year, without repeats or gaps.

The counter row is locked inside the issuing transaction, so concurrent issues queue on it and
a rolled-back issue rolls its number back. The «П-» prefix keeps portal numbers apart from the
numbers 1C gives its own invoices for the same supplier.
"""

from __future__ import annotations

from django.db import transaction

from portal.organisations.models import LegalEntity

from .models import InvoiceNumberCounter

PREFIX = "П-"


def next_invoice_number(supplier: LegalEntity, year: int) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_invoice_number() must run inside the issuing transaction")
    InvoiceNumberCounter.objects.get_or_create(supplier=supplier, year=year)
    counter = InvoiceNumberCounter.objects.select_for_update().get(supplier=supplier, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{PREFIX}{counter.last:06d}"
