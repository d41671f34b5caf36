"""Changes of pricing terms: checked, locked, audited. Reads go through ``resolver``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from portal.audit.services import audit_record, diff, snapshot
from portal.catalog.models import Offer, PriceType, ProductGroup
from portal.core.errors import DomainError, PermissionDenied
from portal.organisations.actor import Actor
from portal.organisations.models import Organisation, OrganisationKind

from . import policies
from .models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    PricingSettings,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)

FACTORY_ONLY = "Условия цен дилеров меняет только администратор завода."
DEALER_ONLY = "Цены для субдилеров меняет только администратор их дилера."


def _percent(value: Decimal | None, *, field: str, label: str, maximum: int = 100) -> Decimal:
    if value is None:
        raise DomainError(f"Укажите {label}.", field=field)
    if value < 0 or value > maximum:
        raise DomainError(f"Поле «{label}»: от 0 до {maximum}.", field=field)
    return value.quantize(Decimal("0.01"))


def _require_factory_admin(actor: Actor) -> None:
    if not policies.can_manage_dealer_terms(actor):
        raise PermissionDenied(FACTORY_ONLY)


def _dealer(dealer: Organisation) -> Organisation:
    if dealer.kind != OrganisationKind.DEALER:
        raise DomainError("Условия цен задаются только дилеру.", field="dealer")
    return dealer


@transaction.atomic
def base_price_type_set(*, actor: Actor, price_type: PriceType | None) -> PricingSettings:
    _require_factory_admin(actor)
    row, _ = PricingSettings.objects.select_for_update().get_or_create(pk=1)
    before = snapshot(row, ["base_price_type"])
    row.base_price_type = price_type
    row.save()
    audit_record(
        action="pricing_base_type_set",
        actor=actor,
        obj=row,
        changes=diff(row, before, ["base_price_type"]),
    )
    return row


@transaction.atomic
def dealer_terms_set(
    *,
    actor: Actor,
    dealer: Organisation,
    price_type: PriceType | None,
    discount_percent: Decimal | None,
) -> DealerPriceAssignment:
    """The dealer's price type (empty: the base type) and overall discount."""
    _require_factory_admin(actor)
    _dealer(dealer)
    discount = _percent(discount_percent, field="discount_percent", label="скидка, %")
    assignment, _ = DealerPriceAssignment.objects.select_for_update().get_or_create(dealer=dealer)
    fields = ["price_type", "discount_percent"]
    before = snapshot(assignment, fields)
    assignment.price_type = price_type
    assignment.discount_percent = discount
    assignment.save()
    audit_record(
        action="pricing_dealer_terms_set",
        actor=actor,
        organisation=dealer,
        obj=assignment,
        changes=diff(assignment, before, fields),
    )
    return assignment


@transaction.atomic
def group_discount_set(
    *, actor: Actor, dealer: Organisation, group: ProductGroup | None, percent: Decimal | None
) -> DealerGroupDiscount:
    _require_factory_admin(actor)
    _dealer(dealer)
    if group is None:
        raise DomainError("Выберите группу каталога.", field="group")
    value = _percent(percent, field="percent", label="скидка, %")
    row, created = DealerGroupDiscount.objects.select_for_update().get_or_create(
        dealer=dealer, group=group, defaults={"percent": value}
    )
    before = {"percent": None if created else row.percent}
    row.percent = value
    row.save()
    audit_record(
        action="pricing_group_discount_set",
        actor=actor,
        organisation=dealer,
        obj=row,
        changes=diff(row, before, ["percent"]),
    )
    return row


@transaction.atomic
def group_discount_delete(*, actor: Actor, discount_id: int) -> None:
    _require_factory_admin(actor)
    row = DealerGroupDiscount.objects.select_for_update().select_related("dealer", "group")
    row = row.filter(pk=discount_id).first()
    if row is None:
        raise DomainError("Такой скидки нет.")
    audit_record(
        action="pricing_group_discount_deleted",
        actor=actor,
        organisation=row.dealer,
        obj=row,
        changes={"percent": [str(row.percent), None]},
    )
    row.delete()


PROMOTION_FIELDS = ["name", "starts_on", "ends_on", "percent", "all_dealers", "is_active"]


def _check_promotion(*, name: str, starts_on: date | None, ends_on: date | None) -> None:
    if not name.strip():
        raise DomainError("Укажите название акции.", field="name")
    if starts_on is None:
        raise DomainError("Укажите дату начала акции.", field="starts_on")
    if ends_on is None:
        raise DomainError("Укажите дату окончания акции.", field="ends_on")
    if ends_on < starts_on:
        raise DomainError("Дата окончания акции раньше даты начала.", field="ends_on")


@transaction.atomic
def promotion_save(
    *,
    actor: Actor,
    promotion: Promotion | None = None,
    name: str,
    starts_on: date | None,
    ends_on: date | None,
    percent: Decimal | None,
    all_dealers: bool = True,
    is_active: bool = True,
    dealers: list[Organisation] = (),
    groups: list[ProductGroup] = (),
    offers: list[Offer] = (),
) -> Promotion:
    """Create a promotion, or change one (``promotion`` given)."""
    _require_factory_admin(actor)
    _check_promotion(name=name, starts_on=starts_on, ends_on=ends_on)
    value = _percent(percent, field="percent", label="скидка, %")
    if value == 0:
        raise DomainError("Поле «скидка, %»: больше нуля.", field="percent")
    if not groups and not offers:
        raise DomainError("Выберите группы или товары, на которые действует акция.", field="groups")
    if not all_dealers and not dealers:
        raise DomainError("Выберите дилеров или отметьте «для всех дилеров».", field="dealers")
    if any(dealer.kind != OrganisationKind.DEALER for dealer in dealers):
        raise DomainError("Акция назначается только дилерам.", field="dealers")
    if promotion is None:
        promotion = Promotion()
        before: dict = {}
        action = "pricing_promotion_created"
    else:
        promotion = Promotion.objects.select_for_update().get(pk=promotion.pk)
        before = snapshot(promotion, PROMOTION_FIELDS)
        action = "pricing_promotion_updated"
    promotion.name = name.strip()
    promotion.starts_on = starts_on
    promotion.ends_on = ends_on
    promotion.percent = value
    promotion.all_dealers = all_dealers
    promotion.is_active = is_active
    promotion.save()
    promotion.dealers.set([] if all_dealers else dealers)
    promotion.groups.set(groups)
    promotion.offers.set(offers)
    changes = diff(promotion, before, PROMOTION_FIELDS)
    changes["groups"] = sorted(group.pk for group in groups)
    changes["offers"] = sorted(offer.pk for offer in offers)
    changes["dealers"] = sorted(dealer.pk for dealer in dealers) if not all_dealers else "все"
    audit_record(action=action, actor=actor, obj=promotion, changes=changes)
    return promotion


def _require_dealer_admin(actor: Actor, subdealer: Organisation | None) -> None:
    if not policies.can_manage_subdealer_prices(actor, subdealer):
        raise PermissionDenied(DEALER_ONLY)


@transaction.atomic
def markup_set(
    *,
    actor: Actor,
    subdealer: Organisation | None,
    group: ProductGroup | None,
    percent: Decimal | None,
) -> SubdealerMarkup:
    """The actor's mark-up for one sub-dealer or all (``subdealer=None``), on a group or overall."""
    _require_dealer_admin(actor, subdealer)
    value = _percent(percent, field="percent", label="наценка, %", maximum=999)
    row = (
        SubdealerMarkup.objects.select_for_update()
        .filter(dealer_id=actor.organisation_id, subdealer=subdealer, group=group)
        .first()
    )
    before = {"percent": row.percent if row else None}
    if row is None:
        row = SubdealerMarkup(
            dealer_id=actor.organisation_id, subdealer=subdealer, group=group, percent=value
        )
    row.percent = value
    row.save()
    # The dealer's own trail, never the sub-dealer's: the mark-up would reveal the purchase price.
    changes = diff(row, before, ["percent"])
    changes["subdealer"] = subdealer.name if subdealer else "все"
    audit_record(
        action="pricing_markup_set",
        actor=actor,
        organisation=actor.organisation,
        obj=row,
        changes=changes,
    )
    return row


@transaction.atomic
def markup_delete(*, actor: Actor, markup_id: int) -> None:
    row = SubdealerMarkup.objects.select_for_update().filter(pk=markup_id).first()
    if row is None:
        raise DomainError("Этой наценки уже нет: её удалили.")
    if row.dealer_id != actor.organisation_id:
        raise PermissionDenied(DEALER_ONLY)
    _require_dealer_admin(actor, None)
    audit_record(
        action="pricing_markup_deleted",
        actor=actor,
        organisation=actor.organisation,
        obj=row,
        changes={"percent": [str(row.percent), None]},
    )
    row.delete()


@transaction.atomic
def fixed_price_set(
    *, actor: Actor, subdealer: Organisation | None, offer: Offer | None, amount: Decimal | None
) -> SubdealerFixedPrice:
    _require_dealer_admin(actor, subdealer)
    if offer is None:
        raise DomainError("Выберите товар.", field="offer")
    if amount is None or amount < 0:
        raise DomainError("Поле «цена с НДС»: число не меньше нуля.", field="amount")
    value = amount.quantize(Decimal("0.01"))
    row = (
        SubdealerFixedPrice.objects.select_for_update()
        .filter(dealer_id=actor.organisation_id, subdealer=subdealer, offer=offer)
        .first()
    )
    before = {"amount": row.amount if row else None}
    if row is None:
        row = SubdealerFixedPrice(
            dealer_id=actor.organisation_id, subdealer=subdealer, offer=offer, amount=value
        )
    row.amount = value
    row.save()
    audit_record(
        action="pricing_fixed_price_set",
        actor=actor,
        organisation=subdealer or actor.organisation,
        obj=row,
        changes=diff(row, before, ["amount"]),
    )
    return row


@transaction.atomic
def fixed_price_delete(*, actor: Actor, fixed_price_id: int) -> None:
    row = SubdealerFixedPrice.objects.select_for_update().filter(pk=fixed_price_id).first()
    if row is None:
        raise DomainError("Этой цены уже нет: её удалили.")
    if row.dealer_id != actor.organisation_id:
        raise PermissionDenied(DEALER_ONLY)
    _require_dealer_admin(actor, None)
    audit_record(
        action="pricing_fixed_price_deleted",
        actor=actor,
        organisation=actor.organisation,
        obj=row,
        changes={"amount": [str(row.amount), None]},
    )
    row.delete()
