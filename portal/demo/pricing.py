"""Demo price terms: which factory price list each dealer buys at, a discount, a promotion,
and Окна-Про's mark-ups for its sub-dealers — set through the real pricing services.

Runs once: when the base price type is already chosen, the demo prices are in place.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from portal.accounts.models import User
from portal.catalog.models import Offer, PriceType, ProductGroup
from portal.organisations.actor import Actor, actor_for_user
from portal.organisations.models import Organisation
from portal.pricing import services
from portal.pricing.models import PricingSettings

# dealer key → (price type 1C id, overall discount %, {group 1C id: discount %})
DEALER_TERMS = {
    "okna-pro": ("demo-pt-wholesale", Decimal("0"), {"demo-g-fittings": Decimal("5")}),
    "dver-dom": ("demo-pt-dealer", Decimal("3"), {}),
    "teplodom": ("demo-pt-dealer", Decimal("0"), {}),
}


def _actor(email: str) -> Actor:
    actor = actor_for_user(User.objects.select_related("organisation__parent").get(email=email))
    if actor is None:
        raise RuntimeError(f"demo user {email} cannot act: is the company blocked?")
    return actor


def build(organisations: dict[str, Organisation]) -> bool:
    """Set the demo price terms; returns False when they were already set (or no catalog)."""
    settings_row = PricingSettings.objects.filter(pk=1).first()
    if settings_row and settings_row.base_price_type_id:
        return False
    price_types = {pt.external_id: pt for pt in PriceType.objects.all()}
    if "demo-pt-dealer" not in price_types:
        return False
    groups = {g.external_id: g for g in ProductGroup.objects.all()}
    factory = _actor("admin@zavod.demo")
    services.base_price_type_set(actor=factory, price_type=price_types["demo-pt-dealer"])
    for key, (price_type_id, discount, group_discounts) in DEALER_TERMS.items():
        dealer = organisations[key]
        services.dealer_terms_set(
            actor=factory,
            dealer=dealer,
            price_type=price_types[price_type_id],
            discount_percent=discount,
        )
        for group_id, percent in group_discounts.items():
            if group_id in groups:
                services.group_discount_set(
                    actor=factory, dealer=dealer, group=groups[group_id], percent=percent
                )
    today = timezone.localdate()
    if "demo-g-doors-interior" in groups:
        services.promotion_save(
            actor=factory,
            name="Осенняя неделя межкомнатных дверей",
            starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=25),
            percent=Decimal("10"),
            groups=[groups["demo-g-doors-interior"]],
        )
    dealer = _actor("owner@okna-pro.demo")
    services.markup_set(actor=dealer, subdealer=None, group=None, percent=Decimal("25"))
    if "demo-g-windows" in groups:
        services.markup_set(
            actor=dealer, subdealer=None, group=groups["demo-g-windows"], percent=Decimal("18")
        )
    himki = organisations["himki"]
    special = Offer.objects.filter(is_active=True, product__group__external_id="demo-g-sills")
    offer = special.order_by("external_id").first()
    if offer is not None:
        services.fixed_price_set(
            actor=dealer, subdealer=himki, offer=offer, amount=Decimal("990.00")
        )
    return True
