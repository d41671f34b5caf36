"""Who pays what: the factory's terms for each dealer, each dealer's terms for its sub-dealers,
and promotions. Prices themselves are computed only by ``portal.pricing.resolver``.

Percentages are Decimal with two places; a discount and a mark-up are both positive numbers.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from portal.catalog.models import Offer, PriceType, ProductGroup
from portal.core.models import TimeStampedModel
from portal.organisations.models import Organisation

PERCENT_FIELD = {"max_digits": 5, "decimal_places": 2}
DISCOUNT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MARKUP_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("999"))]


class PricingSettings(models.Model):
    """One row: the factory's base price type, used for dealers without an assignment and for
    the factory's own view of the catalog. Unset means «the first price type loaded from 1C»."""

    base_price_type = models.ForeignKey(
        PriceType, verbose_name="базовый тип цен", on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = "настройки цен"

    def __str__(self) -> str:
        return f"Базовый тип цен: {self.base_price_type or 'первый из 1С'}"


class DealerPriceAssignment(TimeStampedModel):
    """The factory's terms for one dealer: its price type and an overall discount."""

    dealer = models.OneToOneField(
        Organisation,
        verbose_name="дилер",
        on_delete=models.CASCADE,
        related_name="price_assignment",
    )
    price_type = models.ForeignKey(
        PriceType,
        verbose_name="тип цен",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    discount_percent = models.DecimalField(
        "скидка, %", default=Decimal("0"), validators=DISCOUNT_VALIDATORS, **PERCENT_FIELD
    )

    class Meta:
        verbose_name = "цены дилера"
        verbose_name_plural = "цены дилеров"
        constraints = [
            models.CheckConstraint(
                name="assignment_discount_range",
                condition=Q(discount_percent__gte=0, discount_percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.dealer}: {self.price_type or 'базовый тип цен'}, −{self.discount_percent}%"


class DealerGroupDiscount(TimeStampedModel):
    """A dealer's discount on a catalog group and all its subgroups (replaces the overall one)."""

    dealer = models.ForeignKey(
        Organisation, verbose_name="дилер", on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        ProductGroup, verbose_name="группа", on_delete=models.CASCADE, related_name="+"
    )
    percent = models.DecimalField("скидка, %", validators=DISCOUNT_VALIDATORS, **PERCENT_FIELD)

    class Meta:
        verbose_name = "скидка дилера на группу"
        verbose_name_plural = "скидки дилеров на группы"
        constraints = [
            models.UniqueConstraint(fields=["dealer", "group"], name="group_discount_unique"),
            models.CheckConstraint(
                name="group_discount_range", condition=Q(percent__gte=0, percent__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: −{self.percent}%"


class SubdealerMarkup(TimeStampedModel):
    """A dealer's mark-up over its own purchase price for its sub-dealers.

    ``subdealer`` empty: for all its sub-dealers; ``group`` empty: on the whole catalog.
    """

    dealer = models.ForeignKey(
        Organisation, verbose_name="дилер", on_delete=models.CASCADE, related_name="+"
    )
    subdealer = models.ForeignKey(
        Organisation,
        verbose_name="субдилер",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        ProductGroup,
        verbose_name="группа",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    percent = models.DecimalField("наценка, %", validators=MARKUP_VALIDATORS, **PERCENT_FIELD)

    class Meta:
        verbose_name = "наценка для субдилеров"
        verbose_name_plural = "наценки для субдилеров"
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "subdealer", "group"],
                name="markup_unique",
            ),
            models.UniqueConstraint(
                fields=["dealer", "group"],
                condition=Q(subdealer__isnull=True),
                name="markup_unique_all_subdealers",
            ),
            models.UniqueConstraint(
                fields=["dealer", "subdealer"],
                condition=Q(group__isnull=True),
                name="markup_unique_overall",
            ),
            models.UniqueConstraint(
                fields=["dealer"],
                condition=Q(group__isnull=True, subdealer__isnull=True),
                name="markup_unique_dealer_overall",
            ),
            models.CheckConstraint(name="markup_not_negative", condition=Q(percent__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.group or 'весь каталог'}: +{self.percent}%"


class SubdealerFixedPrice(TimeStampedModel):
    """A dealer's own price of one offer for its sub-dealers (per unit, VAT included)."""

    dealer = models.ForeignKey(
        Organisation, verbose_name="дилер", on_delete=models.CASCADE, related_name="+"
    )
    subdealer = models.ForeignKey(
        Organisation,
        verbose_name="субдилер",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    offer = models.ForeignKey(
        Offer, verbose_name="товар", on_delete=models.CASCADE, related_name="+"
    )
    amount = models.DecimalField("цена с НДС", max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "фиксированная цена для субдилеров"
        verbose_name_plural = "фиксированные цены для субдилеров"
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "subdealer", "offer"], name="fixed_price_unique"
            ),
            models.UniqueConstraint(
                fields=["dealer", "offer"],
                condition=Q(subdealer__isnull=True),
                name="fixed_price_unique_all_subdealers",
            ),
            models.CheckConstraint(name="fixed_price_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.amount}"


class PromotionQuerySet(models.QuerySet):
    def running_for(self, dealer_id: int, on) -> PromotionQuerySet:
        """Active promotions on the date that apply to this dealer."""
        return self.filter(is_active=True, starts_on__lte=on, ends_on__gte=on).filter(
            Q(all_dealers=True) | Q(dealers__pk=dealer_id)
        )


class Promotion(TimeStampedModel):
    """A factory discount for a period on chosen offers and/or groups (with subgroups)."""

    name = models.CharField("название", max_length=200)
    starts_on = models.DateField("действует с")
    ends_on = models.DateField("действует по")
    percent = models.DecimalField("скидка, %", validators=DISCOUNT_VALIDATORS, **PERCENT_FIELD)
    all_dealers = models.BooleanField("для всех дилеров", default=True)
    dealers = models.ManyToManyField(
        Organisation, verbose_name="дилеры", blank=True, related_name="+"
    )
    offers = models.ManyToManyField(Offer, verbose_name="товары", blank=True, related_name="+")
    groups = models.ManyToManyField(
        ProductGroup, verbose_name="группы", blank=True, related_name="+"
    )
    is_active = models.BooleanField("включена", default=True)

    objects = PromotionQuerySet.as_manager()

    class Meta:
        verbose_name = "акция"
        verbose_name_plural = "акции"
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                name="promotion_period_valid", condition=Q(ends_on__gte=models.F("starts_on"))
            ),
            models.CheckConstraint(
                name="promotion_percent_range", condition=Q(percent__gt=0, percent__lte=100)
            ),
        ]

    def __str__(self) -> str:
        return self.name
