"""Portal order numbers: «2026-000123», unique and without gaps within a year.

The year's counter row is locked (``select_for_update``) inside the submitting transaction, so
concurrent submissions queue on it; a submission that rolls back rolls the counter back too.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import OrderNumberCounter


def next_number(year: int | None = None) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the submitting transaction")
    year = year or timezone.localdate().year
    OrderNumberCounter.objects.get_or_create(year=year)  # races end in IntegrityError → get
    counter = OrderNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:06d}"
