"""The order's timeline: one row per creation, transition, edit, question, answer, comment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..workflow import OrderStatus
from .orders import Order


class EventKind(models.TextChoices):
    CREATED = "created", _("Создан")
    SUBMITTED = "submitted", _("Отправлен на модерацию")
    STATUS = "status", _("Смена статуса")
    EDITED = "edited", _("Изменён")
    QUESTION = "question", _("Вопрос")
    ANSWER = "answer", _("Ответ")
    COMMENT = "comment", _("Комментарий")
    UNITS = "units", _("Изделия")


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Пусто, когда статус сменил сам портал (по изделиям или заказу дилера).",
    )
    kind = models.CharField("событие", max_length=16, choices=EventKind.choices)
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    text = models.TextField("комментарий", blank=True)
    data = models.JSONField(
        "подробности", default=dict, blank=True, help_text="Для правок: точный список изменений."
    )

    class Meta:
        verbose_name = "событие заказа"
        verbose_name_plural = "история заказа"
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                name="order_event_kind_valid", condition=Q(kind__in=EventKind.values)
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.get_kind_display()}"
