"""The price chain, step by step, and who sees which steps."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.catalog.tests import builders
from portal.core.errors import PermissionDenied
from portal.pricing.models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    PricingSettings,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)
from portal.pricing.resolver import price_for, price_for_configuration, prices_for

D = Decimal
TODAY = date(2026, 6, 15)


@pytest.fixture
def cat(world):
    class Cat:
        retail = builders.price_type("Розничная")
        dealer = builders.price_type("Дилерская")
        windows = builders.group("Окна")

    cat = Cat()
    cat.pvc = builders.group("ПВХ окна", cat.windows)
    cat.double = builders.group("Двухстворчатые", cat.pvc)
    cat.doors = builders.group("Двери")
    cat.window = builders.product(
        "Окно ПВХ 1200×1400", group=cat.double, prices={cat.retail: "20000", cat.dealer: "15000"}
    )
    cat.door = builders.product(
        "Дверь входная", group=cat.doors, prices={cat.retail: "30000", cat.dealer: "24000"}
    )
    return cat


def amounts(result):
    return [step.amount for step in result.steps]


def test_factory_pays_the_base_price_type(world, cat):
    result = price_for(organisation=world.factory, offer=cat.window, on=TODAY)
    assert result.amount == D("20000.00")
    assert result.vat_amount == D("3333.33")
    assert [s.label for s in result.steps] == ["Цена завода «Розничная»"]


def test_base_price_type_is_a_setting(world, cat):
    PricingSettings.objects.create(base_price_type=cat.dealer)
    assert price_for(organisation=world.dealer_a, offer=cat.window, on=TODAY).amount == D("15000")


def test_dealer_without_assignment_pays_the_base_price(world, cat):
    result = price_for(organisation=world.dealer_a, offer=cat.window, on=TODAY)
    assert result.amount == D("20000.00")
    assert amounts(result) == [D("20000.00"), D("20000.00")]
    assert result.steps[-1].label == "Закупочная цена дилера"


def test_dealer_price_type_and_overall_discount(world, cat):
    DealerPriceAssignment.objects.create(
        dealer=world.dealer_a, price_type=cat.dealer, discount_percent=D("10")
    )
    result = price_for(organisation=world.dealer_a, offer=cat.window, on=TODAY)
    assert result.amount == D("13500.00")
    assert [s.label for s in result.steps] == [
        "Цена завода «Дилерская»",
        "Скидка дилера −10%",
        "Закупочная цена дилера",
    ]


def test_group_discount_covers_the_subtree_and_replaces_the_overall_one(world, cat):
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=D("10"))
    DealerGroupDiscount.objects.create(dealer=world.dealer_a, group=cat.windows, percent=D("5"))
    DealerGroupDiscount.objects.create(dealer=world.dealer_a, group=cat.pvc, percent=D("12.5"))
    window = price_for(organisation=world.dealer_a, offer=cat.window, on=TODAY)
    assert window.amount == D("17500.00")
    assert window.steps[1].label == "Скидка дилера на группу «ПВХ окна» −12,5%"
    door = price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY)
    assert door.amount == D("27000.00")


def test_steps_are_shown_in_the_readers_language_and_kept_in_russian(world, cat):
    """Pages show the steps in the reader's language; ``label``, which order lines store with
    their snapshot, is Russian whoever asks."""
    DealerGroupDiscount.objects.create(dealer=world.dealer_a, group=cat.pvc, percent=D("12.5"))
    with translation.override("en"):
        window = price_for(organisation=world.dealer_a, offer=cat.window, on=TODAY)
        assert window.steps[1].shown == "Dealer discount on “ПВХ окна” −12.5%"
        assert window.steps[-1].shown == "Dealer's purchase price"
        assert window.steps[1].label == "Скидка дилера на группу «ПВХ окна» −12,5%"
    with translation.override("ru"):
        assert window.steps[1].shown == window.steps[1].label


def test_promotion_applies_within_its_period_only(world, cat):
    promo = Promotion.objects.create(
        name="Летняя", starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 30), percent=D("20")
    )
    promo.groups.add(cat.windows)
    inside = price_for(organisation=world.dealer_a, offer=cat.window, on=date(2026, 6, 30))
    assert inside.amount == D("16000.00") and inside.promoted
    assert inside.steps[1].label == "Акция «Летняя» −20%"
    for day in (date(2026, 5, 31), date(2026, 7, 1)):
        outside = price_for(organisation=world.dealer_a, offer=cat.window, on=day)
        assert outside.amount == D("20000.00") and not outside.promoted
    door = price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY)
    assert door.amount == D("30000.00")


def test_promotion_on_offers_for_chosen_dealers_and_the_active_flag(world, cat):
    promo = Promotion.objects.create(
        name="Для А", starts_on=TODAY, ends_on=TODAY, percent=D("10"), all_dealers=False
    )
    promo.offers.add(cat.door)
    promo.dealers.add(world.dealer_a)
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("27000")
    assert price_for(organisation=world.dealer_b, offer=cat.door, on=TODAY).amount == D("30000")
    promo.is_active = False
    promo.save()
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("30000")


def test_best_promotion_wins_after_the_discount(world, cat):
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=D("10"))
    for name, percent in (("Малая", "5"), ("Большая", "15")):
        Promotion.objects.create(
            name=name, starts_on=TODAY, ends_on=TODAY, percent=D(percent)
        ).offers.add(cat.door)
    result = price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY)
    assert result.amount == D("22950.00")  # 30000 × 0.9 × 0.85
    assert result.steps[2].label == "Акция «Большая» −15%"


def test_dealer_b_never_gets_dealer_a_terms(world, cat):
    DealerPriceAssignment.objects.create(
        dealer=world.dealer_a, price_type=cat.dealer, discount_percent=D("7")
    )
    DealerGroupDiscount.objects.create(dealer=world.dealer_a, group=cat.doors, percent=D("30"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("10"))
    b = price_for(organisation=world.dealer_b, offer=cat.door, on=TODAY)
    assert b.amount == D("30000.00")
    assert [s.label for s in b.steps] == ["Цена завода «Розничная»", "Закупочная цена дилера"]
    assert not price_for(organisation=world.sub_b1, offer=cat.door, on=TODAY).available


def test_subdealer_markup_overall_group_and_own(world, cat):
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, price_type=cat.dealer)
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("10"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, group=cat.windows, percent=D("20"))
    door = price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY, viewer=None)
    assert door.amount == D("26400.00")
    window = price_for(organisation=world.sub_a1, offer=cat.window, on=TODAY)
    assert window.amount == D("18000.00")
    SubdealerMarkup.objects.create(
        dealer=world.dealer_a, subdealer=world.sub_a1, group=cat.windows, percent=D("30")
    )
    SubdealerMarkup.objects.create(dealer=world.dealer_a, group=cat.double, percent=D("25"))
    window = price_for(organisation=world.sub_a1, offer=cat.window, on=TODAY)
    assert window.amount == D("18750.00")  # the nearest group wins over the sub-dealer's own
    dealer_view = price_for(
        organisation=world.sub_a1, offer=cat.window, on=TODAY, viewer=world.actor("dealer_a_admin")
    )
    assert [s.label for s in dealer_view.steps] == [
        "Цена завода «Дилерская»",
        "Закупочная цена дилера",
        "Наценка дилера на группу «Двухстворчатые» +25%",
    ]


def test_fixed_price_overrides_the_markup(world, cat):
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("10"))
    SubdealerFixedPrice.objects.create(dealer=world.dealer_a, offer=cat.door, amount=D("31000"))
    assert price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY).amount == D("31000")
    SubdealerFixedPrice.objects.create(
        dealer=world.dealer_a, subdealer=world.sub_a1, offer=cat.door, amount=D("30500.50")
    )
    result = price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY)
    assert result.amount == D("30500.50")
    assert result.vat_amount == D("5083.42")


def test_subdealer_without_terms_has_no_price(world, cat):
    result = price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY)
    assert not result.available and result.amount is None and result.steps == []


def test_subdealer_result_holds_only_its_own_price(world, cat):
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, price_type=cat.dealer)
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("10"))
    for viewer in (None, world.actor("sub_a1_admin"), world.actor("sub_a1_employee")):
        result = price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY, viewer=viewer)
        assert result.steps == [type(result.steps[0])("Цена дилера для вас", D("26400.00"))]
        text = repr(result)
        assert "24000" not in text and "30000" not in text


def test_who_may_ask_for_whose_price(world, cat):
    with pytest.raises(PermissionDenied):
        price_for(organisation=world.dealer_a, offer=cat.door, viewer=world.actor("sub_a1_admin"))
    with pytest.raises(PermissionDenied):
        price_for(organisation=world.sub_a1, offer=cat.door, viewer=world.actor("dealer_b_admin"))
    with pytest.raises(PermissionDenied):
        price_for(organisation=world.dealer_a, offer=cat.door, viewer=world.actor("dealer_b_admin"))
    factory_view = price_for(
        organisation=world.dealer_a, offer=cat.door, viewer=world.actor("manager_b")
    )
    assert len(factory_view.steps) == 2


def test_rounding_is_half_up_to_kopecks(world, cat):
    offer = builders.product("Ручка", group=cat.doors, prices={cat.retail: "999.99"})
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=D("3.33"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("7.77"))
    dealer = price_for(organisation=world.dealer_a, offer=offer, on=TODAY)
    assert dealer.amount == D("966.69")  # 966.690333 → 966.69
    sub = price_for(organisation=world.sub_a1, offer=offer, on=TODAY)
    assert sub.amount == D("1041.80")  # 966.69 × 1.0777 = 1041.7995… → 1041.80


def test_price_type_without_vat_adds_it(world, cat):
    net = builders.price_type("Без НДС", vat_included=False)
    offer = builders.product("Стекло", group=cat.pvc, prices={net: "1000"}, vat_rate="20")
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, price_type=net)
    result = price_for(organisation=world.dealer_a, offer=offer, on=TODAY)
    assert result.amount == D("1200.00") and result.vat_amount == D("200.00")


def test_offer_without_a_price_is_unavailable(world, cat):
    offer = builders.product("Без цены", group=cat.pvc)
    assert not price_for(organisation=world.dealer_a, offer=offer).available


def test_configuration_runs_through_the_same_chain(world, cat):
    DealerGroupDiscount.objects.create(dealer=world.dealer_a, group=cat.windows, percent=D("10"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, group=cat.pvc, percent=D("20"))
    kwargs = {"group_id": cat.double.pk, "list_price": D("50000"), "vat_rate": D("20"), "on": TODAY}
    dealer = price_for_configuration(organisation=world.dealer_a, **kwargs)
    assert dealer.amount == D("45000.00") and dealer.vat_amount == D("7500.00")
    sub = price_for_configuration(organisation=world.sub_a1, **kwargs)
    assert sub.amount == D("54000.00")
    assert [s.label for s in sub.steps] == ["Цена дилера для вас"]
    no_group = price_for_configuration(
        organisation=world.dealer_a, group_id=None, list_price=D("100"), vat_rate=D("20")
    )
    assert no_group.amount == D("100.00")


@pytest.mark.parametrize("organisation", ["dealer_a", "sub_a1"])
def test_bulk_prices_take_constant_queries(world, cat, organisation):
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("10"))
    Promotion.objects.create(name="А", starts_on=TODAY, ends_on=TODAY, percent=D("5"))
    org = getattr(world, organisation)

    def count(n):
        offers = [
            builders.product(f"Товар {i}", group=cat.pvc, prices={cat.retail: "10"})
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries:
            result = prices_for(organisation=org, offers=offers, on=TODAY)
        assert all(r.available for r in result.values())
        return len(queries)

    count(1)  # the organisation's terms are cached from now on
    assert count(3) == count(30)
