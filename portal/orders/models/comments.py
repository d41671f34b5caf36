"""The comment thread of an order, with attached files (checked by ``attachments``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .orders import Order


class OrderComment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("текст", blank=True)
    created_at = models.DateTimeField("написан", auto_now_add=True)

    class Meta:
        verbose_name = "комментарий к заказу"
        verbose_name_plural = "комментарии к заказам"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.text[:40]}"


class OrderAttachment(models.Model):
    comment = models.ForeignKey(OrderComment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("файл", upload_to="orders/%Y/%m/", max_length=300)
    original_name = models.CharField("имя файла", max_length=255)
    size = models.PositiveIntegerField("размер, байт")

    class Meta:
        verbose_name = "файл к заказу"
        verbose_name_plural = "файлы к заказам"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
