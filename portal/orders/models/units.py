"""Every physical unit of an order in production (each window, each door), with its history.

A unit belongs to the line of the order the factory produces (``line``). When that line came
from a sub-dealer's order bundled by its dealer, ``origin_line`` points at the sub-dealer's own
line: the sub-dealer follows the very same unit records through its line, and a unit carries
no price, so the factory's prices never reach it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..workflow import UnitStatus
from .lines import QUANTITY, OrderLine
from .orders import Order

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class OrderUnitQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> OrderUnitQuerySet:
        visible = Order.objects.visible_to(actor)
        return self.filter(Q(line__order__in=visible) | Q(origin_line__order__in=visible))

    def of_order(self, order: Order) -> OrderUnitQuerySet:
        """Units of an order: produced for its lines, or for lines bundled from its lines.

        The order's line ids are read first and named in the query: PostgreSQL answers
        ``line_id IN (…) OR origin_line_id IN (…)`` with the two unit indexes, while joins or
        subqueries ORed together made it join every unit to every line (3–20 s at 2.5 million
        units)."""
        lines = list(OrderLine.objects.filter(order=order).values_list("pk", flat=True))
        return self.filter(Q(line_id__in=lines) | Q(origin_line_id__in=lines))


class OrderUnit(models.Model):
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="units")
    origin_line = models.ForeignKey(
        OrderLine,
        verbose_name="строка заказа субдилера",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="origin_units",
    )
    number = models.PositiveIntegerField("№ в строке")
    quantity = models.DecimalField(
        "количество",
        **QUANTITY,
        default=Decimal("1"),
        help_text="1 для изделия по размерам; вся строка, если товар идёт одной партией.",
    )
    status = models.CharField(
        "статус", max_length=16, choices=UnitStatus.choices, default=UnitStatus.IN_PRODUCTION
    )
    shipment_document = models.CharField("документ отгрузки", max_length=64, blank=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    objects = OrderUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "изделие"
        verbose_name_plural = "изделия"
        ordering = ["line_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["line", "number"], name="order_unit_number"),
            models.CheckConstraint(
                name="order_unit_status_valid", condition=Q(status__in=UnitStatus.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line.name} — изделие {self.number}"


class UnitEvent(models.Model):
    unit = models.ForeignKey(OrderUnit, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("когда", auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=UnitStatus.choices)
    to_status = models.CharField(max_length=16, choices=UnitStatus.choices)
    shipment_document = models.CharField("документ отгрузки", max_length=64, blank=True)

    class Meta:
        verbose_name = "история изделия"
        ordering = ["at", "id"]
        indexes = [
            # the home page's «shipped this month»: the shipments of a period, not every event
            models.Index(
                fields=["at"], condition=Q(to_status=UnitStatus.IN_DELIVERY), name="unit_shipped_at"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.from_status} → {self.to_status}"
