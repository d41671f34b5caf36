"""The one answer to «what does this organisation pay for this offer (or configuration) on
this date, and why».

The chain:

- factory: the price of the base price type (``PricingSettings.base_price_type``; when unset,
  the first price type loaded from 1C, i.e. the lowest id);
- dealer: the price of its assigned price type (the base type when none is assigned), minus
  its discount — the one on the nearest group of the product's group path, else the overall
  one —, minus the best running promotion that applies to it; rounded to kopecks: that is
  the dealer's purchase price;
- sub-dealer: the dealer's fixed price of the offer (one for this sub-dealer before one for
  all sub-dealers), else the dealer's purchase price plus the dealer's mark-up (the nearest
  group's before the overall one; for this sub-dealer before for all). A dealer that has set
  neither sells nothing to its sub-dealers yet: the price is unavailable, so a sub-dealer
  never gets the dealer's purchase price by default.

Amounts are per unit with VAT. Every intermediate number stays inside this module; a
``PriceResult`` holds only the steps the viewer may see (``visibility.may_see_breakdown``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from portal.catalog.models import Offer, PriceType, ProductGroup
from portal.core.errors import PermissionDenied
from portal.core.money import round_money
from portal.core.sql import Among
from portal.organisations.models import OrganisationKind

from .amounts import fixed_amounts, list_amounts
from .formatting import AmountLine
from .models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    PricingSettings,
    Promotion,
    SubdealerMarkup,
)
from .terms_cache import cached_terms
from .visibility import may_see_breakdown, may_see_price

if TYPE_CHECKING:
    from portal.organisations.actor import Actor
    from portal.organisations.models import Organisation

HUNDRED = Decimal("100")
# The steps' wording: Russian msgids, filled from PriceStep.params.
FACTORY_STEP = gettext_noop("Цена завода «%(name)s»")
LIST_PRICE_STEP = gettext_noop("Цена завода по прайсу")
DISCOUNT_STEP = gettext_noop("Скидка дилера −%(percent)s%%")
GROUP_DISCOUNT_STEP = gettext_noop("Скидка дилера на группу «%(name)s» −%(percent)s%%")
PROMOTION_STEP = gettext_noop("Акция «%(name)s» −%(percent)s%%")
PURCHASE_STEP = gettext_noop("Закупочная цена дилера")
MARKUP_STEP = gettext_noop("Наценка дилера +%(percent)s%%")
GROUP_MARKUP_STEP = gettext_noop("Наценка дилера на группу «%(name)s» +%(percent)s%%")
FIXED_STEP = gettext_noop("Фиксированная цена дилера для субдилера")
SUBDEALER_STEP = gettext_noop("Цена дилера для вас")
OWN_STEP = gettext_noop("Ваша цена")


class PriceStep(AmountLine):
    """One step of «why this price»: one of the ``*_STEP`` wordings, a percent as a Decimal."""


@dataclass(frozen=True)
class PriceResult:
    """``amount`` is None (and ``available`` False) when there is no price to sell at."""

    amount: Decimal | None
    vat_rate: Decimal | None
    vat_amount: Decimal | None
    currency: str
    steps: list[PriceStep] = field(default_factory=list)
    available: bool = True
    promoted: bool = False


def unavailable(currency: str = "RUB") -> PriceResult:
    return PriceResult(
        amount=None, vat_rate=None, vat_amount=None, currency=currency, available=False
    )


def price_for(
    *,
    organisation: Organisation,
    offer: Offer | int,
    on: date | None = None,
    viewer: Actor | None = None,
) -> PriceResult:
    book = PriceBook(organisation=organisation, on=on, viewer=viewer)
    offer_id = offer if isinstance(offer, int) else offer.pk
    return book.prices([offer_id])[offer_id]


def prices_for(
    *,
    organisation: Organisation,
    offers: Iterable[Offer | int],
    on: date | None = None,
    viewer: Actor | None = None,
) -> dict[int, PriceResult]:
    """Prices of a page of offers with a constant number of queries."""
    return PriceBook(organisation=organisation, on=on, viewer=viewer).prices(offers)


def price_for_configuration(
    *,
    organisation: Organisation,
    group_id: int | None,
    list_price: Decimal,
    vat_rate: Decimal,
    on: date | None = None,
    viewer: Actor | None = None,
) -> PriceResult:
    """The chain applied to a configurator's factory list price (per unit, VAT included).

    Group discounts, group promotions and group mark-ups apply; fixed prices of offers don't.
    """
    book = PriceBook(organisation=organisation, on=on, viewer=viewer)
    return book.configuration_price(group_id=group_id, list_price=list_price, vat_rate=vat_rate)


def group_ids_of(path: str, group_id: int | None) -> list[int]:
    """Ancestors of a group from its materialised path, root first, the group itself last."""
    ids = [int(part) for part in path.strip("/").split("/") if part]
    if group_id is not None and (not ids or ids[-1] != group_id):
        ids.append(group_id)
    return ids


@dataclass
class _Rules:
    """One organisation's pricing terms, loaded once per book."""

    price_type: PriceType | None
    dealer_id: int | None = None
    overall_discount: Decimal = Decimal("0")
    group_discounts: dict[int, tuple[Decimal, str]] = field(default_factory=dict)
    promotions: dict[int, tuple[Decimal, str]] = field(default_factory=dict)
    promotion_groups: dict[int, set[int]] = field(default_factory=dict)
    # sub-dealer terms: {(is_for_this_subdealer, group_id or None): (percent, group name)}
    markups: dict[tuple[bool, int | None], tuple[Decimal, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class _GroupTerms:
    """What the rules say for one group path: worked out once per path, not once per offer."""

    discount: tuple[Decimal, str, tuple] | None  # (percent, the step's text and params)
    promotions: frozenset[int]  # running promotions on a group of the path
    # (percent, the step's text and params); None: nothing to sell
    markup: tuple[Decimal, str, tuple] | None


class PriceBook:
    """Prices for one organisation on one date; reuse it for many offers (price lists)."""

    def __init__(
        self, *, organisation: Organisation, on: date | None = None, viewer: Actor | None = None
    ):
        if not may_see_price(viewer, organisation):
            raise PermissionDenied("Цены этой организации вам недоступны.")
        self.organisation = organisation
        self.on = on or timezone.localdate()
        self.show_steps = may_see_breakdown(viewer, organisation)
        self.is_subdealer = organisation.kind == OrganisationKind.SUBDEALER
        self.rules = cached_terms(organisation.pk, self.on, self._load_rules)
        self._paths: dict[int, list[int]] = {}
        self._terms: dict[tuple[int, ...], _GroupTerms] = {}

    @property
    def price_type(self) -> PriceType | None:
        """The price list this organisation's prices derive from: for sorting only."""
        return self.rules.price_type

    # loading -----------------------------------------------------------------------------

    def _load_rules(self) -> _Rules:
        kind = self.organisation.kind
        if kind == OrganisationKind.FACTORY:
            return _Rules(price_type=_base_price_type())
        dealer_id = self.organisation.dealer_id
        assignment = (
            DealerPriceAssignment.objects.select_related("price_type")
            .filter(dealer_id=dealer_id)
            .first()
        )
        rules = _Rules(
            price_type=(assignment and assignment.price_type) or _base_price_type(),
            dealer_id=dealer_id,
            overall_discount=assignment.discount_percent if assignment else Decimal("0"),
        )
        for row in DealerGroupDiscount.objects.filter(dealer_id=dealer_id).values(
            "group_id", "percent", "group__name"
        ):
            rules.group_discounts[row["group_id"]] = (row["percent"], row["group__name"])
        promotions = Promotion.objects.running_for(dealer_id, self.on).distinct()
        for promo in promotions.values("pk", "percent", "name"):
            rules.promotions[promo["pk"]] = (promo["percent"], promo["name"])
        through = Promotion.groups.through.objects.filter(promotion_id__in=rules.promotions)
        for promo_id, group_id in through.values_list("promotion_id", "productgroup_id"):
            rules.promotion_groups.setdefault(promo_id, set()).add(group_id)
        if self.is_subdealer:
            markups = SubdealerMarkup.objects.filter(dealer_id=dealer_id).filter(
                Q(subdealer_id=self.organisation.pk) | Q(subdealer__isnull=True)
            )
            for row in markups.values("subdealer_id", "group_id", "percent", "group__name"):
                key = (row["subdealer_id"] is not None, row["group_id"])
                rules.markups[key] = (row["percent"], row["group__name"] or "")
        return rules

    def group_path(self, group_id: int | None) -> list[int]:
        if group_id is None:
            return []
        if group_id not in self._paths:
            path = ProductGroup.objects.filter(pk=group_id).values_list("path", flat=True).first()
            self._paths[group_id] = group_ids_of(path or "", group_id)
        return self._paths[group_id]

    # resolving ---------------------------------------------------------------------------

    def prices(
        self, offers: Iterable[Offer | int], *, facts: dict[int, tuple] | None = None
    ) -> dict[int, PriceResult]:
        """One query per table for all the offers, however many. ``facts`` — ``{offer id:
        (group id, group path, VAT rate)}`` of the offers' products — saves a query when the
        caller has the products loaded already."""
        ids = [offer if isinstance(offer, int) else offer.pk for offer in offers]
        price_type = self.rules.price_type
        if price_type is None:
            return {offer_id: unavailable() for offer_id in ids}
        if facts is None:
            rows = Offer.objects.filter(Among("pk", ids)).values_list(
                "pk", "product__group_id", "product__group__path", "product__vat_rate"
            )
            facts = {offer_id: rest for offer_id, *rest in rows.order_by()}
        amounts = list_amounts(ids, price_type.pk)
        promoted_offers = self._promoted_offers(ids)
        fixed = self._fixed_prices(ids)
        label = PriceStep(FACTORY_STEP, Decimal(0), (("name", price_type.name),))
        result: dict[int, PriceResult] = {}
        paths: dict[tuple[int | None, str | None], list[int]] = {}
        for offer_id, (group_id, path, vat_rate) in facts.items():
            if offer_id not in amounts:
                continue
            factory_price = amounts[offer_id]
            if not price_type.vat_included and vat_rate:
                factory_price = factory_price * (HUNDRED + vat_rate) / HUNDRED
            if (group_id, path) not in paths:
                paths[group_id, path] = group_ids_of(path or "", group_id) if group_id else []
            result[offer_id] = self.resolve(
                factory_price=factory_price,
                price_label=label,
                currency=price_type.currency,
                vat_rate=vat_rate,
                path=paths[group_id, path],
                offer_id=offer_id,
                offer_promotions=promoted_offers.get(offer_id, frozenset()),
                fixed=fixed.get(offer_id),
            )
        return {
            offer_id: result.get(offer_id) or unavailable(price_type.currency) for offer_id in ids
        }

    def configuration_price(
        self, *, group_id: int | None, list_price: Decimal, vat_rate: Decimal
    ) -> PriceResult:
        """A configurator's factory list price through the chain (see ``price_for_configuration``)."""
        return self.resolve(
            factory_price=Decimal(list_price),
            price_label=PriceStep(LIST_PRICE_STEP, Decimal(0)),
            currency="RUB",
            vat_rate=vat_rate,
            path=self.group_path(group_id),
            offer_id=None,
        )

    def _promoted_offers(self, ids: list[int]) -> dict[int, set[int]]:
        if not self.rules.promotions:
            return {}
        rows = Promotion.offers.through.objects.filter(
            Among("offer_id", ids), promotion_id__in=self.rules.promotions
        ).values_list("offer_id", "promotion_id")
        promoted: dict[int, set[int]] = {}
        for offer_id, promo_id in rows:
            promoted.setdefault(offer_id, set()).add(promo_id)
        return promoted

    def _fixed_prices(self, ids: list[int]) -> dict[int, Decimal]:
        """The dealer's fixed prices for this sub-dealer (its own before the general ones)."""
        if not self.is_subdealer:
            return {}
        rows = fixed_amounts(ids, self.rules.dealer_id)
        fixed: dict[int, Decimal] = {}
        for offer_id, subdealer_id, amount in sorted(rows, key=lambda row: row[1] is not None):
            if subdealer_id in (None, self.organisation.pk):
                fixed[offer_id] = amount
        return fixed

    def resolve(
        self,
        *,
        factory_price: Decimal,
        price_label: PriceStep,
        currency: str,
        vat_rate: Decimal | None,
        path: list[int],
        offer_id: int | None,
        offer_promotions: set[int] = frozenset(),
        fixed: Decimal | None = None,
    ) -> PriceResult:
        steps = [replace(price_label, amount=round_money(factory_price))]
        if self.rules.dealer_id is None:  # the factory itself
            return self._result(steps[0].amount, vat_rate, currency, steps, promoted=False)
        terms = self._group_terms(tuple(path))
        purchase, promoted = self._dealer_chain(factory_price, terms, offer_promotions, steps)
        if not self.is_subdealer:
            return self._result(purchase, vat_rate, currency, steps, promoted)
        if fixed is not None:
            steps.append(PriceStep(FIXED_STEP, fixed))
            return self._result(fixed, vat_rate, currency, steps, promoted)
        if terms.markup is None:
            return unavailable(currency)
        percent, text, params = terms.markup
        amount = round_money(purchase * (HUNDRED + percent) / HUNDRED)
        steps.append(PriceStep(text, amount, params))
        return self._result(amount, vat_rate, currency, steps, promoted)

    def _group_terms(self, path: tuple[int, ...]) -> _GroupTerms:
        terms = self._terms.get(path)
        if terms is None:
            terms = self._terms[path] = self._work_out_terms(path)
        return terms

    def _work_out_terms(self, path: tuple[int, ...]) -> _GroupTerms:
        rules = self.rules
        discount = next(
            (
                rules.group_discounts[group]
                for group in reversed(path)
                if group in rules.group_discounts
            ),
            None,
        )
        if discount is not None:
            percent, name = discount
            discount = (percent, GROUP_DISCOUNT_STEP, (("name", name), ("percent", percent)))
        elif rules.overall_discount:
            percent = rules.overall_discount
            discount = (percent, DISCOUNT_STEP, (("percent", percent),))
        groups = set(path)
        promotions = frozenset(
            promo_id
            for promo_id in rules.promotions
            if rules.promotion_groups.get(promo_id, set()) & groups
        )
        markup = self._markup(path)
        if markup is not None:
            percent, group_name = markup
            markup = (
                (percent, GROUP_MARKUP_STEP, (("name", group_name), ("percent", percent)))
                if group_name
                else (percent, MARKUP_STEP, (("percent", percent),))
            )
        return _GroupTerms(discount, promotions, markup)

    def _dealer_chain(
        self,
        price: Decimal,
        terms: _GroupTerms,
        offer_promotions: set[int],
        steps: list[PriceStep],
    ) -> tuple[Decimal, bool]:
        rules = self.rules
        if terms.discount is not None:
            percent, text, params = terms.discount
            price = price * (HUNDRED - percent) / HUNDRED
            steps.append(PriceStep(text, round_money(price), params))
        applicable = [
            rules.promotions[promo_id]
            for promo_id in rules.promotions
            if promo_id in offer_promotions or promo_id in terms.promotions
        ]
        if applicable:
            percent, name = max(applicable, key=lambda promo: promo[0])
            price = price * (HUNDRED - percent) / HUNDRED
            steps.append(
                PriceStep(
                    PROMOTION_STEP, round_money(price), (("name", name), ("percent", percent))
                )
            )
        purchase = round_money(price)
        steps.append(PriceStep(PURCHASE_STEP, purchase))
        return purchase, bool(applicable)

    def _markup(self, path: tuple[int, ...]) -> tuple[Decimal, str] | None:
        """Nearest group first, then overall; this sub-dealer's rule before the general one."""
        for group in [*reversed(path), None]:
            for own in (True, False):
                found = self.rules.markups.get((own, group))
                if found is not None:
                    return found
        return None

    def _result(
        self,
        amount: Decimal,
        vat_rate: Decimal | None,
        currency: str,
        steps: list[PriceStep],
        promoted: bool,
    ) -> PriceResult:
        amount = round_money(amount)
        if not self.show_steps:
            # Built from the final amount only: nothing above it ever reaches the result.
            steps = [PriceStep(SUBDEALER_STEP if self.is_subdealer else OWN_STEP, amount)]
        vat_amount = (
            round_money(amount * vat_rate / (HUNDRED + vat_rate)) if vat_rate else Decimal("0.00")
        )
        return PriceResult(
            amount=amount,
            vat_rate=vat_rate,
            vat_amount=vat_amount,
            currency=currency,
            steps=steps,
            promoted=promoted,
        )


def _base_price_type() -> PriceType | None:
    settings_row = PricingSettings.objects.select_related("base_price_type").first()
    if settings_row and settings_row.base_price_type:
        return settings_row.base_price_type
    return PriceType.objects.order_by("pk").first()
