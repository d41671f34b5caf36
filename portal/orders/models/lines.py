"""Order lines: what was ordered and at which price, frozen when the line was written."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from portal.catalog.models import Offer

from .orders import MONEY, Order

QUANTITY = {"max_digits": 14, "decimal_places": 3}


class OrderLine(models.Model):
    """One position. Either an ``offer`` of the catalog or a ``configuration`` (a copy of the
    configurator's snapshot: model code and name, choices, summary, drawing — no factory
    prices). Names, prices, VAT and totals are snapshots: later catalog or price changes never
    touch them."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField("№")
    offer = models.ForeignKey(
        Offer, verbose_name="товар", on_delete=models.SET_NULL, null=True, blank=True
    )
    configuration = models.JSONField("конфигурация", null=True, blank=True)
    name = models.CharField("наименование", max_length=500)
    article = models.CharField("артикул", max_length=100, blank=True)
    unit = models.CharField("единица", max_length=32, default="шт")
    quantity = models.DecimalField("количество", **QUANTITY)
    unit_price = models.DecimalField("цена с НДС", **MONEY)
    discount_percent = models.DecimalField(
        "скидка, %", max_digits=5, decimal_places=2, default=Decimal("0")
    )
    vat_rate = models.DecimalField(
        "ставка НДС, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    vat_amount = models.DecimalField("в т. ч. НДС", **MONEY)
    line_total = models.DecimalField("сумма с НДС", **MONEY)
    price_steps = models.JSONField(
        "как сложилась цена", default=list, blank=True, help_text="Только шаги, видимые покупателю."
    )
    source_line = models.ForeignKey(
        "self",
        verbose_name="строка заказа субдилера",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bundled_lines",
        help_text="В заказе дилера заводу: строка заказа субдилера, из которой сделана эта.",
    )

    class Meta:
        verbose_name = "строка заказа"
        verbose_name_plural = "строки заказа"
        ordering = ["order_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="order_line_position"),
            models.CheckConstraint(
                name="order_line_quantity_positive", condition=Q(quantity__gt=0)
            ),
            models.CheckConstraint(
                name="order_line_discount_range",
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
            ),
            models.CheckConstraint(
                name="order_line_price_not_negative",
                condition=Q(unit_price__gte=0, line_total__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"

    @property
    def is_configuration(self) -> bool:
        return self.configuration is not None
