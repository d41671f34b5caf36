"""The one ledger: every movement of a legal entity's balance with the factory is a row.

``amount`` is signed from the factory's side: positive raises the buyer's debt (an invoice, a
reversed payment), negative lowers it (a payment, a cancelled invoice). The balance on any
date is the sum of the rows up to that date; a negative balance is the buyer's advance.
Rows are never edited or deleted: a mistake is corrected by a new row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.organisations.models import LegalEntity

from .invoices import MONEY, Invoice
from .payments import Payment
from .visibility import money_filter

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class LedgerKind(models.TextChoices):
    INVOICE = "invoice", "Выставлен счёт"
    INVOICE_CANCELLED = "invoice_cancelled", "Счёт отменён"
    PAYMENT = "payment", "Получена оплата"
    PAYMENT_REVERSED = "payment_reversed", "Оплата сторнирована"
    ADJUSTMENT = "adjustment", "Корректировка"


class LedgerEntryQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> LedgerEntryQuerySet:
        return self.filter(money_filter(actor, "legal_entity"))


class LedgerEntry(models.Model):
    legal_entity = models.ForeignKey(
        LegalEntity, verbose_name="юрлицо", on_delete=models.PROTECT, related_name="ledger"
    )
    date = models.DateField("дата")
    kind = models.CharField("движение", max_length=20, choices=LedgerKind.choices)
    amount = models.DecimalField("сумма (+ долг, − оплата)", **MONEY)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    description = models.CharField("основание", max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "движение по счёту дилера"
        verbose_name_plural = "движения по счетам дилеров"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                name="ledger_kind_valid", condition=Q(kind__in=LedgerKind.values)
            ),
            models.CheckConstraint(name="ledger_amount_not_zero", condition=~Q(amount=0)),
            # Each document moves the balance once per kind: a retried service cannot double it.
            models.UniqueConstraint(
                fields=["kind", "invoice"],
                condition=Q(invoice__isnull=False),
                name="ledger_once_per_invoice_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "payment"],
                condition=Q(payment__isnull=False),
                name="ledger_once_per_payment_kind",
            ),
        ]
        indexes = [models.Index(fields=["legal_entity", "date", "id"])]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()} {self.amount}"
