"""What every money service does first: lock the buyer's legal entity row.

All movements of one legal entity's balance queue on that row, so allocations, receipts and
reversals for the same buyer never interleave; invoices and payments are then locked too.
"""

from __future__ import annotations

from portal.organisations.models import LegalEntity

from ..models import Invoice, Payment


def lock_legal_entity(legal_entity_id: int) -> LegalEntity:
    return (
        LegalEntity.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=legal_entity_id)
    )


def lock_invoices(**filters) -> list[Invoice]:
    return list(Invoice.objects.select_for_update().filter(**filters).order_by("pk"))


def lock_payment(payment_id: int) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment_id)
