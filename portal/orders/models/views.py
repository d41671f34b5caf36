"""Saved views of the order list: a person's named filters, sorting and columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class SavedOrderViewQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> SavedOrderViewQuerySet:
        """Only one's own: a view is a personal setting, shared by copying its URL."""
        return self.filter(user_id=actor.user_id)


class SavedOrderView(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_order_views"
    )
    name = models.CharField("название", max_length=80)
    query = models.CharField(
        "фильтры и сортировка", max_length=2000, blank=True, help_text="Строка запроса списка."
    )
    columns = models.JSONField("столбцы", default=list, blank=True)
    is_default = models.BooleanField("открывать по умолчанию", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedOrderViewQuerySet.as_manager()

    class Meta:
        verbose_name = "сохранённый вид списка заказов"
        verbose_name_plural = "сохранённые виды списка заказов"
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_order_view_name"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_default=True), name="saved_order_view_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name
