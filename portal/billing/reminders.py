"""Overdue reminders: run daily (``send_overdue_reminders`` from cron, or the django-tasks
job); each overdue invoice is reminded about at most once per ISO week.

The unique (invoice, period) row is written in the same transaction that queues the e-mail, so
a second run in the same week — even a concurrent one — finds the row and sends nothing.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from portal.core.mail import queue_mail

from .models import Invoice, OverdueReminder
from .tasks import buyer_accountants


def period_of(on: date) -> str:
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


def send_overdue_reminders(on: date | None = None) -> int:
    """Remind about every invoice overdue on ``on`` (today); returns how many were sent."""
    on = on or timezone.localdate()
    period = period_of(on)
    due = (
        Invoice.objects.overdue(on=on)
        .exclude(reminders__period=period)
        .select_related("buyer__organisation", "supplier")
        .order_by("pk")
    )
    sent = 0
    for invoice in due:
        recipients = buyer_accountants(invoice)
        if not recipients:
            continue
        try:
            with transaction.atomic(), translation.override("ru"):  # Russian e-mails
                OverdueReminder.objects.create(invoice=invoice, period=period)
                queue_mail(
                    to=recipients, template="billing/emails/overdue", context={"invoice": invoice}
                )
        except IntegrityError:  # another run got there first
            continue
        sent += 1
    return sent
