"""Credit limits set by the factory, and the reminders already sent about overdue invoices."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import LegalEntity, Organisation

from .invoices import MONEY, Invoice


class CreditMode(models.TextChoices):
    BLOCK = "block", _("Не принимать заказ сверх лимита")
    WARN = "warn", _("Только предупреждать")


class CreditLimit(models.Model):
    """A limit for a whole dealer (all its legal entities together) or for one legal entity.

    A legal entity's own limit wins over its dealer's.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name="дилер",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credit_limit",
    )
    legal_entity = models.OneToOneField(
        LegalEntity,
        verbose_name="юрлицо",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credit_limit",
    )
    amount = models.DecimalField("кредитный лимит", **MONEY)
    mode = models.CharField(
        "при превышении", max_length=8, choices=CreditMode.choices, default=CreditMode.BLOCK
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "кредитный лимит"
        verbose_name_plural = "кредитные лимиты"
        constraints = [
            models.CheckConstraint(
                name="credit_limit_one_owner",
                condition=Q(organisation__isnull=False, legal_entity__isnull=True)
                | Q(organisation__isnull=True, legal_entity__isnull=False),
            ),
            models.CheckConstraint(name="credit_limit_not_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="credit_mode_valid", condition=Q(mode__in=CreditMode.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.legal_entity}: {self.amount}"


class OverdueReminder(models.Model):
    """One row per invoice and reminder period: the unique pair makes a second run a no-op."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="reminders")
    period = models.CharField("период", max_length=10, help_text="Неделя ISO: 2026-W19.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "напоминание о просрочке"
        verbose_name_plural = "напоминания о просрочке"
        constraints = [
            models.UniqueConstraint(fields=["invoice", "period"], name="reminder_once_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} {self.period}"
