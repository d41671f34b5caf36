"""Payments received from buyers, and how they are applied (allocated) to invoices.

What part of a payment no allocation covers is the buyer's advance. A reversed payment keeps
its row (the ledger shows both the receipt and the reversal) and loses its allocations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import LegalEntity

from .invoices import MONEY, Invoice
from .visibility import money_filter

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class PaymentSource(models.TextChoices):
    ONE_C = "1c", _("1С")
    BANK_STATEMENT = "bank_statement", _("Банковская выписка")
    PORTAL = "portal", _("Портал")


class PaymentStatus(models.TextChoices):
    RECEIVED = "received", _("Получена")
    REVERSED = "reversed", _("Сторнирована")


class PaymentQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> PaymentQuerySet:
        return self.filter(money_filter(actor, "payer"))


class Payment(models.Model):
    date = models.DateField("дата")
    amount = models.DecimalField("сумма", **MONEY)
    number = models.CharField("номер платёжного документа", max_length=64, blank=True)
    payer = models.ForeignKey(
        LegalEntity, verbose_name="плательщик", on_delete=models.PROTECT, related_name="payments"
    )
    source = models.CharField(
        "источник", max_length=16, choices=PaymentSource.choices, default=PaymentSource.PORTAL
    )
    external_id = models.CharField(
        "внешний идентификатор",
        max_length=128,
        blank=True,
        help_text="Ид документа 1С или отпечаток строки выписки: повторная загрузка не дублирует.",
    )
    purpose = models.CharField("назначение платежа", max_length=1000, blank=True)
    status = models.CharField(
        "статус", max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.RECEIVED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="внёс",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reversed_at = models.DateTimeField("сторнирована", null=True, blank=True)
    reversal_reason = models.CharField("причина сторно", max_length=500, blank=True)
    created_at = models.DateTimeField("внесена", auto_now_add=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = "оплата"
        verbose_name_plural = "оплаты"
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="payment_external_id_unique",
            ),
            models.CheckConstraint(name="payment_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="payment_source_valid", condition=Q(source__in=PaymentSource.values)
            ),
            models.CheckConstraint(
                name="payment_status_valid", condition=Q(status__in=PaymentStatus.values)
            ),
        ]
        indexes = [models.Index(fields=["payer", "-date"])]

    def __str__(self) -> str:
        with translation.override("ru"):  # the audit log keeps it
            return self.shown_name

    @property
    def shown_name(self) -> str:
        """«Оплата № 17 от 16.11.2026» («Оплата от …» without a number), in the reader's
        language."""
        date = f"{self.date:%d.%m.%Y}"
        if self.number:
            return gettext("Оплата № %(number)s от %(date)s") % {
                "number": self.number,
                "date": date,
            }
        return gettext("Оплата от %(date)s") % {"date": date}

    @property
    def is_reversed(self) -> bool:
        return self.status == PaymentStatus.REVERSED


class Allocation(models.Model):
    """This much of a payment pays this invoice."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField("сумма", **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "разнесение оплаты"
        verbose_name_plural = "разнесение оплат"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["payment", "invoice"], name="allocation_once"),
            models.CheckConstraint(name="allocation_amount_positive", condition=Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.invoice_id}: {self.amount}"
