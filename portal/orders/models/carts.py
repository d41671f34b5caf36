"""One cart per user: catalog offers and saved configurations waiting to become an order."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.catalog.configurator.models import ConfigurationSnapshot
from portal.catalog.models import Offer

from .lines import QUANTITY


class Cart(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "корзина"
        verbose_name_plural = "корзины"

    def __str__(self) -> str:
        return f"Корзина {self.user_id}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, null=True, blank=True)
    configuration = models.ForeignKey(
        ConfigurationSnapshot, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    quantity = models.DecimalField("количество", **QUANTITY)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "строка корзины"
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="cart_line_one_item",
                condition=Q(offer__isnull=False, configuration__isnull=True)
                | Q(offer__isnull=True, configuration__isnull=False),
            ),
            models.CheckConstraint(name="cart_line_quantity_positive", condition=Q(quantity__gt=0)),
            models.UniqueConstraint(
                fields=["cart", "offer"], condition=Q(offer__isnull=False), name="cart_offer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id or self.configuration_id} × {self.quantity}"
