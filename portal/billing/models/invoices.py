"""Invoices (счета на оплату): who bills whom for which orders, with their own lines and sums.

Lines, VAT and totals are snapshots taken when the invoice is issued. ``status`` and
``paid_amount`` are derived from the invoice's allocations; they are stored for filtering and
always recomputed by ``portal.billing.status.invoice_refresh`` in the transaction that changed
the allocations.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import LegalEntity

from .visibility import money_filter

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

MONEY = {"max_digits": 16, "decimal_places": 2, "default": Decimal("0.00")}
QUANTITY = {"max_digits": 14, "decimal_places": 3}


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Выставлен")
    PARTIALLY_PAID = "partially_paid", _("Оплачен частично")
    PAID = "paid", _("Оплачен")
    CANCELLED = "cancelled", _("Отменён")


OPEN_STATUSES = (InvoiceStatus.ISSUED, InvoiceStatus.PARTIALLY_PAID)


class InvoiceSource(models.TextChoices):
    ONE_C = "1c", _("1С")
    PORTAL = "portal", _("Портал")


class InvoiceQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> InvoiceQuerySet:
        return self.filter(money_filter(actor, "buyer"))

    def open(self) -> InvoiceQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def live(self) -> InvoiceQuerySet:
        return self.exclude(status=InvoiceStatus.CANCELLED)

    def overdue(self, *, on) -> InvoiceQuerySet:
        """Open invoices whose due date has passed by ``on``."""
        return self.open().filter(due_date__lt=on)


class Invoice(models.Model):
    number = models.CharField("номер", max_length=40)
    year = models.PositiveSmallIntegerField(
        "год", help_text="Год даты счёта: номер уникален в нём."
    )
    date = models.DateField("дата")
    due_date = models.DateField("оплатить до")
    supplier = models.ForeignKey(
        LegalEntity, verbose_name="поставщик", on_delete=models.PROTECT, related_name="+"
    )
    buyer = models.ForeignKey(
        LegalEntity, verbose_name="покупатель", on_delete=models.PROTECT, related_name="invoices"
    )
    orders = models.ManyToManyField(
        "orders.Order", verbose_name="заказы", through="InvoiceOrder", related_name="invoices"
    )
    source = models.CharField(
        "источник", max_length=8, choices=InvoiceSource.choices, default=InvoiceSource.PORTAL
    )
    external_id = models.CharField("Ид в 1С", max_length=100, blank=True)
    status = models.CharField(
        "статус", max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.ISSUED
    )
    vat_total = models.DecimalField("в т. ч. НДС", **MONEY)
    total = models.DecimalField("всего к оплате", **MONEY)
    paid_amount = models.DecimalField("оплачено", **MONEY)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="выставил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField("отменён", null=True, blank=True)
    cancel_reason = models.CharField("причина отмены", max_length=500, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = "счёт на оплату"
        verbose_name_plural = "счета на оплату"
        ordering = ["-date", "-id"]
        constraints = [
            # Per source: 1C's numbers are 1C's (the portal never renumbers a 1C document),
            # and a portal invoice never blocks a 1C document with the same number.
            models.UniqueConstraint(
                fields=["supplier", "year", "source", "number"],
                name="invoice_number_unique_per_source_and_year",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~Q(external_id=""),
                name="invoice_external_id_unique",
            ),
            models.CheckConstraint(
                name="invoice_status_valid", condition=Q(status__in=InvoiceStatus.values)
            ),
            models.CheckConstraint(
                name="invoice_source_valid", condition=Q(source__in=InvoiceSource.values)
            ),
            models.CheckConstraint(
                name="invoice_paid_within_total",
                condition=Q(total__gte=0, paid_amount__gte=0, paid_amount__lte=F("total")),
            ),
            models.CheckConstraint(
                name="invoice_due_after_date", condition=Q(due_date__gte=F("date"))
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "status", "due_date"]),
            models.Index(fields=["-date", "-id"]),
            # The open invoices by due date, with what the money overviews sum: the factory's
            # open and overdue totals read this index alone instead of every invoice ever.
            models.Index(
                fields=["due_date"],
                include=["buyer", "total", "paid_amount"],
                condition=Q(status__in=OPEN_STATUSES),
                name="invoice_open_by_due_date",
            ),
        ]

    def __str__(self) -> str:
        with translation.override("ru"):  # the audit log keeps it
            return self.shown_name

    @property
    def shown_name(self) -> str:
        """«Счёт № П-000004 от 16.11.2026» in the reader's language."""
        return gettext("Счёт № %(number)s от %(date)s") % {
            "number": self.number,
            "date": f"{self.date:%d.%m.%Y}",
        }

    @property
    def remaining(self) -> Decimal:
        if self.status == InvoiceStatus.CANCELLED:
            return Decimal("0.00")
        return self.total - self.paid_amount


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField("№")
    order_line = models.ForeignKey(
        "orders.OrderLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField("наименование", max_length=500)
    article = models.CharField("артикул", max_length=100, blank=True)
    unit = models.CharField("единица", max_length=32, default="шт")
    quantity = models.DecimalField("количество", **QUANTITY)
    price = models.DecimalField("цена с НДС", **MONEY)
    vat_rate = models.DecimalField(
        "ставка НДС, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    vat_amount = models.DecimalField("в т. ч. НДС", **MONEY)
    total = models.DecimalField("сумма с НДС", **MONEY)

    class Meta:
        verbose_name = "строка счёта"
        verbose_name_plural = "строки счёта"
        ordering = ["invoice_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position"),
            models.CheckConstraint(
                name="invoice_line_quantity_positive", condition=Q(quantity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class InvoiceOrder(models.Model):
    """Which part of an invoice is for which order, and how much of that part is paid.

    ``paid_amount`` is the invoice's paid amount spread over its orders in link order (first
    order first); it lets an order's payment status be summed in SQL for a whole list.
    """

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="order_links")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="invoice_links"
    )
    amount = models.DecimalField("сумма по заказу", **MONEY)
    paid_amount = models.DecimalField("оплачено по заказу", **MONEY)

    class Meta:
        verbose_name = "заказ в счёте"
        ordering = ["invoice_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "order"], name="invoice_order_once"),
            models.CheckConstraint(
                name="invoice_order_paid_within_amount",
                condition=Q(paid_amount__gte=0, paid_amount__lte=F("amount")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice_id} → {self.order_id}"


class InvoiceNumberCounter(models.Model):
    """The last portal invoice number of a supplier in a year; locked while issuing, so numbers
    never repeat and a rolled-back issue leaves no gap."""

    supplier = models.ForeignKey(LegalEntity, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "счётчик номеров счетов"
        constraints = [
            models.UniqueConstraint(fields=["supplier", "year"], name="invoice_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id}/{self.year}: {self.last}"
