"""Who may change which pricing terms; refusals change nothing; every change is audited."""

from datetime import date
from decimal import Decimal

import pytest

from portal.audit.models import AuditEvent
from portal.catalog.tests import builders
from portal.core.errors import DomainError, PermissionDenied
from portal.pricing import services
from portal.pricing.models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)

D = Decimal
NOT_FACTORY_ADMINS = ["manager_a", "accountant", "dealer_a_admin", "sub_a1_admin"]


@pytest.fixture
def group(db):
    return builders.group("Окна")


@pytest.fixture
def offer(group):
    return builders.product("Окно", group=group)


def test_factory_admin_sets_dealer_terms_with_audit(world):
    kind = builders.price_type("Дилерская")
    services.dealer_terms_set(
        actor=world.actor("factory_admin"),
        dealer=world.dealer_a,
        price_type=kind,
        discount_percent=D("5"),
    )
    row = DealerPriceAssignment.objects.get(dealer=world.dealer_a)
    assert row.price_type == kind and row.discount_percent == D("5.00")
    event = AuditEvent.objects.get(action="pricing_dealer_terms_set")
    assert event.organisation == world.dealer_a and "discount_percent" in event.changes


@pytest.mark.parametrize("name", NOT_FACTORY_ADMINS)
def test_only_factory_admin_sets_dealer_terms(world, group, name):
    actor = world.actor(name)
    with pytest.raises(PermissionDenied):
        services.dealer_terms_set(
            actor=actor, dealer=world.dealer_a, price_type=None, discount_percent=D("5")
        )
    with pytest.raises(PermissionDenied):
        services.group_discount_set(actor=actor, dealer=world.dealer_a, group=group, percent=D("5"))
    with pytest.raises(PermissionDenied):
        services.promotion_save(
            actor=actor,
            name="Акция",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 1, 2),
            percent=D("5"),
            groups=[group],
        )
    assert not DealerPriceAssignment.objects.exists()
    assert not DealerGroupDiscount.objects.exists()
    assert not Promotion.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="pricing").exists()


def test_terms_are_refused_with_field_named(world, group):
    admin = world.actor("factory_admin")
    with pytest.raises(DomainError) as error:
        services.dealer_terms_set(
            actor=admin, dealer=world.dealer_a, price_type=None, discount_percent=D("101")
        )
    assert error.value.field == "discount_percent" and "скидка" in error.value.message
    with pytest.raises(DomainError) as error:
        services.dealer_terms_set(
            actor=admin, dealer=world.sub_a1, price_type=None, discount_percent=D("1")
        )
    assert error.value.field == "dealer"
    with pytest.raises(DomainError) as error:
        services.promotion_save(
            actor=admin,
            name="Акция",
            starts_on=date(2026, 2, 1),
            ends_on=date(2026, 1, 1),
            percent=D("5"),
            groups=[group],
        )
    assert error.value.field == "ends_on"
    assert not DealerPriceAssignment.objects.exists() and not Promotion.objects.exists()


def test_group_discount_set_updates_and_deletes(world, group):
    admin = world.actor("factory_admin")
    row = services.group_discount_set(
        actor=admin, dealer=world.dealer_a, group=group, percent=D("3")
    )
    services.group_discount_set(actor=admin, dealer=world.dealer_a, group=group, percent=D("4"))
    assert DealerGroupDiscount.objects.get().percent == D("4.00")
    services.group_discount_delete(actor=admin, discount_id=row.pk)
    assert not DealerGroupDiscount.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="pricing_group_discount").count() == 3


def test_promotion_save_for_chosen_dealers(world, group, offer):
    admin = world.actor("factory_admin")
    promo = services.promotion_save(
        actor=admin,
        name="Весна",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        percent=D("10"),
        all_dealers=False,
        dealers=[world.dealer_b],
        offers=[offer],
    )
    assert list(promo.dealers.all()) == [world.dealer_b]
    services.promotion_save(
        actor=admin,
        promotion=promo,
        name="Весна",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 3, 31),
        percent=D("10"),
        is_active=False,
        groups=[group],
    )
    promo.refresh_from_db()
    assert not promo.is_active and promo.all_dealers and not promo.dealers.exists()
    assert list(promo.groups.all()) == [group] and not promo.offers.exists()


def test_dealer_admin_sets_markups_and_fixed_prices_for_its_subdealers(world, group, offer):
    actor = world.actor("dealer_a_admin")
    services.markup_set(actor=actor, subdealer=None, group=None, percent=D("10"))
    services.markup_set(actor=actor, subdealer=world.sub_a1, group=group, percent=D("15"))
    services.markup_set(actor=actor, subdealer=None, group=None, percent=D("12"))
    assert SubdealerMarkup.objects.count() == 2
    assert SubdealerMarkup.objects.get(subdealer=None).percent == D("12.00")
    fixed = services.fixed_price_set(
        actor=actor, subdealer=world.sub_a1, offer=offer, amount=D("999.5")
    )
    assert fixed.amount == D("999.50") and fixed.dealer == world.dealer_a
    services.fixed_price_delete(actor=actor, fixed_price_id=fixed.pk)
    assert not SubdealerFixedPrice.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="pricing_").count() == 5


@pytest.mark.parametrize(
    "name", ["dealer_a_employee", "dealer_b_admin", "sub_a1_admin", "factory_admin"]
)
def test_others_may_not_set_dealer_a_subdealer_prices(world, offer, name):
    actor = world.actor(name)
    with pytest.raises(PermissionDenied):
        services.markup_set(actor=actor, subdealer=world.sub_a1, group=None, percent=D("5"))
    with pytest.raises(PermissionDenied):
        services.fixed_price_set(actor=actor, subdealer=world.sub_a1, offer=offer, amount=D("1"))
    assert not SubdealerMarkup.objects.exists() and not SubdealerFixedPrice.objects.exists()


def test_dealer_may_not_delete_another_dealers_rules(world, offer):
    markup = services.markup_set(
        actor=world.actor("dealer_a_admin"), subdealer=None, group=None, percent=D("5")
    )
    fixed = services.fixed_price_set(
        actor=world.actor("dealer_a_admin"), subdealer=None, offer=offer, amount=D("1")
    )
    for name in ("dealer_b_admin", "dealer_a_employee"):
        with pytest.raises(PermissionDenied):
            services.markup_delete(actor=world.actor(name), markup_id=markup.pk)
        with pytest.raises(PermissionDenied):
            services.fixed_price_delete(actor=world.actor(name), fixed_price_id=fixed.pk)
    assert SubdealerMarkup.objects.exists() and SubdealerFixedPrice.objects.exists()


def test_markup_out_of_range_names_the_field(world):
    with pytest.raises(DomainError) as error:
        services.markup_set(
            actor=world.actor("dealer_a_admin"), subdealer=None, group=None, percent=D("-1")
        )
    assert error.value.field == "percent" and "наценка" in error.value.message


def test_a_rule_deleted_meanwhile_is_reported_gone_not_forbidden(world, offer):
    """Two admins of the dealer delete the same rule: the later one hears it is already gone."""
    actor = world.actor("dealer_a_admin")
    markup = services.markup_set(actor=actor, subdealer=None, group=None, percent=D("5"))
    fixed = services.fixed_price_set(actor=actor, subdealer=None, offer=offer, amount=D("1"))
    services.markup_delete(actor=actor, markup_id=markup.pk)
    services.fixed_price_delete(actor=actor, fixed_price_id=fixed.pk)
    with pytest.raises(DomainError, match="уже нет"):
        services.markup_delete(actor=actor, markup_id=markup.pk)
    with pytest.raises(DomainError, match="уже нет"):
        services.fixed_price_delete(actor=actor, fixed_price_id=fixed.pk)
