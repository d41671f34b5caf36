"""The order: who buys from whom, its status, its money snapshot, and who may see it."""

from __future__ import annotations

import operator
from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.organisations.models import LegalEntity, Organisation, OrganisationKind

from ..list_keys import LIST_DATE, NUMBER_KEY
from ..workflow import OrderStatus

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

MONEY = {"max_digits": 16, "decimal_places": 2, "default": Decimal("0.00")}
# Waiting for the seller or for the buyer: the two parts of the moderation page.
WAITING = sorted((OrderStatus.ON_MODERATION, OrderStatus.AWAITING_ANSWER))
# Accepted by the seller and not withdrawn: what billing may invoice.
ACCEPTED = sorted(
    (
        OrderStatus.CONFIRMED,
        OrderStatus.MODERATED,
        OrderStatus.IN_PRODUCTION,
        OrderStatus.PARTIALLY_SHIPPED,
        OrderStatus.COMPLETED,
    )
)


class OrderKind(models.TextChoices):
    STANDARD = "standard", _("Обычный")
    FROM_STOCK = "from_stock", _("Со склада")
    MADE_TO_MEASURE = "made_to_measure", _("По размерам")
    COMPLAINT = "complaint", _("Рекламация")


def _visible_parts(actor: Actor) -> dict[str, Q]:
    """The conditions of ``OrderQuerySet.visible_to``, bought and sold apart."""
    not_draft = ~Q(status=OrderStatus.DRAFT)
    sold = Q(seller_id=actor.organisation_id) & not_draft
    if actor.is_factory:
        if actor.sees_all_dealers:
            return {"sold": sold}
        if actor.role == "manager":
            return {"sold": sold & Q(buyer__manager_id=actor.user_id)}
        return {}
    if actor.is_dealer:
        return {"bought": Q(buyer_id=actor.organisation_id), "sold": sold}
    return {"bought": Q(buyer_id=actor.organisation_id)}


class OrderQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> OrderQuerySet:
        """Orders the actor may see.

        - factory admin and accountant: every order sold by the factory;
        - factory manager: orders sold by the factory to the dealers assigned to them;
        - dealer: its own orders, and its sub-dealers' orders to it;
        - sub-dealer: its own orders only (never the dealer's order to the factory that
          bundles them).

        The seller never sees the buyer's drafts.
        """
        parts = _visible_parts(actor)
        if not parts:
            return self.none()
        return self.filter(reduce(operator.or_, parts.values()))

    def visible_parts(self, actor: Actor) -> dict[str, OrderQuerySet]:
        """``visible_to`` split into the orders the actor's company buys (``"bought"``) and
        those it sells (``"sold"``), only the parts it has: disjoint (a company never sells to
        itself), together exactly ``visible_to``. Each part holds its own condition only, so
        that the database estimates it right (``orders/listing.py`` reads them in index
        order)."""
        return {name: self.filter(part) for name, part in _visible_parts(actor).items()}

    def moderation_queue(self) -> OrderQuerySet:
        """Waiting for the seller, oldest submission first."""
        return self.filter(status=OrderStatus.ON_MODERATION).order_by("submitted_at", "pk")


class Order(models.Model):
    number = models.CharField(
        "номер", max_length=16, unique=True, null=True, blank=True, help_text="ГГГГ-NNNNNN"
    )
    factory_number = models.CharField("номер в 1С", max_length=64, blank=True, db_index=True)
    kind = models.CharField(
        "тип", max_length=20, choices=OrderKind.choices, default=OrderKind.STANDARD
    )
    status = models.CharField(
        "статус", max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    buyer = models.ForeignKey(
        Organisation, verbose_name="покупатель", on_delete=models.PROTECT, related_name="orders"
    )
    seller = models.ForeignKey(
        Organisation,
        verbose_name="продавец",
        on_delete=models.PROTECT,
        related_name="orders_received",
        help_text="Завод для заказа дилера; дилер для заказа субдилера.",
    )
    legal_entity = models.ForeignKey(
        LegalEntity, verbose_name="юрлицо", on_delete=models.PROTECT, related_name="orders"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="автор",
        on_delete=models.PROTECT,
        related_name="orders_authored",
    )
    for_subdealer = models.ForeignKey(
        Organisation,
        verbose_name="для субдилера",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders_for",
    )
    desired_delivery_date = models.DateField("желаемая дата поставки", null=True, blank=True)
    planned_delivery_date = models.DateField("плановая дата поставки", null=True, blank=True)
    colour = models.CharField("цвет", max_length=120, blank=True)
    buyer_notes = models.TextField("примечание покупателя", blank=True)
    manager_notes = models.TextField("примечания менеджера", blank=True)
    rejection_reason = models.TextField("причина отказа", blank=True)
    subtotal = models.DecimalField("сумма без НДС", **MONEY)
    vat_total = models.DecimalField("НДС", **MONEY)
    total = models.DecimalField("итого с НДС", **MONEY)
    paid_amount = models.DecimalField(
        "оплачено",
        **MONEY,
        editable=False,
        help_text="Оплаты по неотменённым счетам заказа. Считает биллинг при каждом изменении "
        "разнесения; хранится, чтобы списки фильтровали по состоянию оплаты без подзапросов.",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)
    updated_at = models.DateTimeField("изменён", auto_now=True)
    submitted_at = models.DateTimeField("отправлен", null=True, blank=True)
    confirmed_at = models.DateTimeField("подтверждён", null=True, blank=True)
    handed_to_1c_at = models.DateTimeField("передан в 1С", null=True, blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    bundled_into = models.ForeignKey(
        "self",
        verbose_name="включён в заказ заводу",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bundled_orders",
        help_text="Заказ дилера заводу, в который вошёл этот заказ субдилера. "
        "Субдилеру никогда не показывается.",
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = "заказ"
        verbose_name_plural = "заказы"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="order_status_valid", condition=Q(status__in=OrderStatus.values)
            ),
            models.CheckConstraint(name="order_kind_valid", condition=Q(kind__in=OrderKind.values)),
            models.CheckConstraint(
                name="order_number_iff_submitted",
                condition=Q(number__isnull=True, submitted_at__isnull=True)
                | Q(number__isnull=False, submitted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="order_totals_not_negative",
                condition=Q(subtotal__gte=0, vat_total__gte=0, total__gte=0),
            ),
            models.CheckConstraint(
                name="order_rejected_has_reason",
                condition=~Q(status=OrderStatus.REJECTED) | ~Q(rejection_reason=""),
            ),
            models.CheckConstraint(
                name="order_buyer_is_not_seller", condition=~Q(buyer=models.F("seller"))
            ),
        ]
        indexes = [
            models.Index(fields=["buyer", "-created_at"]),
            models.Index(fields=["seller", "status", "submitted_at"]),
            # keyset pages of the order list, one side at a time (see orders/listing.py)
            models.Index(F("buyer"), LIST_DATE, F("id"), name="order_list_buyer_date"),
            models.Index(F("seller"), LIST_DATE, F("id"), name="order_list_seller_date"),
            models.Index(F("buyer"), NUMBER_KEY, F("id"), name="order_list_buyer_number"),
            models.Index(F("seller"), NUMBER_KEY, F("id"), name="order_list_seller_number"),
            models.Index(fields=["buyer", "total", "id"], name="order_list_buyer_total"),
            models.Index(fields=["seller", "total", "id"], name="order_list_seller_total"),
            # "paid" and "partially paid" are a small part of a big list: their own pages
            models.Index(
                F("buyer"),
                LIST_DATE,
                F("id"),
                name="order_list_buyer_paid",
                condition=Q(paid_amount__gt=0),
            ),
            models.Index(
                F("seller"),
                LIST_DATE,
                F("id"),
                name="order_list_seller_paid",
                condition=Q(paid_amount__gt=0),
            ),
            # the moderation queue of a factory manager: the waiting orders of their dealers
            models.Index(
                fields=["buyer", "submitted_at"],
                name="order_waiting_by_buyer",
                condition=Q(status__in=WAITING),
            ),
            # the home page: a buyer's orders counted by status up to a cap, those awaiting its
            # answer longest first; the seller included, so that visible_to's conditions are
            # answered from the index alone (portal/web/dashboard)
            models.Index(
                fields=["buyer", "status", "updated_at"],
                include=["seller"],
                name="order_buyer_status",
            ),
            # billing's «to invoice» list: accepted orders of a seller, oldest confirmation first
            models.Index(
                F("seller"),
                F("confirmed_at"),
                F("id"),
                name="order_to_invoice",
                condition=Q(status__in=ACCEPTED),
            ),
        ]

    def __str__(self) -> str:
        with translation.override("ru"):  # audit log and notification texts keep it
            return self.shown_name

    @property
    def shown_name(self) -> str:
        """«Заказ 2026-000123», «Черновик заказа №15», in the reader's language."""
        if self.number:
            return gettext("Заказ %(number)s") % {"number": self.number}
        return gettext("Черновик заказа №%(pk)s") % {"pk": self.pk}

    @property
    def sold_by_factory(self) -> bool:
        return self.seller.kind == OrganisationKind.FACTORY


class OrderNumberCounter(models.Model):
    """The last portal number given in a year. Locked by ``numbering.next_number`` inside the
    submitting transaction, so numbers never repeat and a rolled-back submission leaves no gap."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "счётчик номеров заказов"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
