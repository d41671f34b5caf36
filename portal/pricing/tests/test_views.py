"""Pricing admin pages: the owner succeeds, the wrong role gets 403, the stranger 404, and a
refused request changes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.catalog.tests import builders
from portal.pricing.models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)

D = Decimal


@pytest.fixture
def cat(world):
    class Cat:
        dealer_type = builders.price_type("Дилерская")
        windows = builders.group("Окна")

    cat = Cat()
    cat.window = builders.product("Окно", group=cat.windows, article="OK-1")
    return cat


def test_factory_admin_edits_dealer_terms(world, cat):
    client = world.client("factory_admin")
    assert client.get(reverse("catalog:pricing_dealers")).status_code == 200
    url = reverse("catalog:pricing_dealer", args=[world.dealer_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"terms": "1", "price_type": cat.dealer_type.pk, "discount_percent": "7,5"}
    )
    assert response.status_code == 302
    terms = DealerPriceAssignment.objects.get(dealer=world.dealer_a)
    assert terms.price_type == cat.dealer_type and terms.discount_percent == D("7.50")
    client.post(url, {"group_discount": "1", "group": cat.windows.pk, "percent": "12"})
    discount = DealerGroupDiscount.objects.get()
    delete = reverse("catalog:pricing_group_discount_delete", args=[discount.pk])
    assert client.post(delete).status_code == 302
    assert not DealerGroupDiscount.objects.exists()


def test_bad_discount_is_a_russian_error_naming_the_field(world, cat):
    url = reverse("catalog:pricing_dealer", args=[world.dealer_a.pk])
    response = world.client("factory_admin").post(url, {"terms": "1", "discount_percent": "сто"})
    assert response.status_code == 200
    assert "Поле «Скидка, %»: введите число" in response.content.decode()
    response = world.client("factory_admin").post(url, {"terms": "1", "discount_percent": "150"})
    assert "Поле «Скидка, %»: не больше 100." in response.content.decode()
    assert not DealerPriceAssignment.objects.exists()


@pytest.mark.parametrize("name", ["manager_a", "accountant", "dealer_a_admin", "sub_a1_admin"])
def test_others_may_not_edit_dealer_terms(world, cat, name):
    client = world.client(name)
    url = reverse("catalog:pricing_dealer", args=[world.dealer_a.pk])
    response = client.post(url, {"terms": "1", "discount_percent": "5"})
    assert response.status_code in (403, 404)
    assert client.get(reverse("catalog:pricing_dealers")).status_code == 403
    assert client.get(reverse("catalog:pricing_promotions")).status_code == 403
    assert not DealerPriceAssignment.objects.exists()


def test_stranger_does_not_learn_of_a_dealer(world, cat):
    url = reverse("catalog:pricing_dealer", args=[world.dealer_a.pk])
    assert world.client("manager_b").get(url).status_code == 404
    sub = reverse("catalog:pricing_dealer", args=[world.sub_a1.pk])
    assert world.client("factory_admin").get(sub).status_code == 404


def test_factory_admin_creates_and_edits_a_promotion(world, cat):
    client = world.client("factory_admin")
    create = reverse("catalog:pricing_promotion_create")
    data = {
        "name": "Зимняя",
        "starts_on": "2026-12-01",
        "ends_on": "2026-12-31",
        "percent": "10",
        "articles": "OK-1",
        "all_dealers": "on",
        "is_active": "on",
    }
    assert client.post(create, data).status_code == 302
    promo = Promotion.objects.get()
    assert list(promo.offers.all()) == [cat.window]
    edit = reverse("catalog:pricing_promotion", args=[promo.pk])
    assert "OK-1" in client.get(edit).content.decode()
    response = client.post(edit, {**data, "articles": "НЕТ-ТАКОГО"})
    assert "не найдены артикулы НЕТ-ТАКОГО" in response.content.decode()
    response = client.post(edit, {**data, "ends_on": "2026-11-01"})
    assert "Дата окончания акции раньше даты начала." in response.content.decode()
    promo.refresh_from_db()
    assert str(promo.ends_on) == "2026-12-31"
    assert "Зимняя" in client.get(reverse("catalog:pricing_promotions")).content.decode()


def test_dealer_admin_sets_prices_for_its_subdealers(world, cat):
    client = world.client("dealer_a_admin")
    url = reverse("catalog:pricing_subdealers")
    assert client.get(url).status_code == 200
    client.post(url, {"markup": "1", "subdealer": "", "group": "", "percent": "10"})
    client.post(
        url,
        {"markup": "1", "subdealer": world.sub_a1.pk, "group": cat.windows.pk, "percent": "15,5"},
    )
    assert SubdealerMarkup.objects.count() == 2
    client.post(url, {"fixed": "1", "subdealer": "", "article": "OK-1", "amount": "1 500,50"})
    fixed = SubdealerFixedPrice.objects.get()
    assert fixed.amount == D("1500.50") and fixed.dealer == world.dealer_a
    response = client.post(url, {"fixed": "1", "article": "НЕТ", "amount": "1"})
    assert "товар с таким артикулом не найден" in response.content.decode()
    delete = reverse("catalog:pricing_fixed_price_delete", args=[fixed.pk])
    assert client.post(delete).status_code == 302
    markup = SubdealerMarkup.objects.get(subdealer=None)
    assert (
        client.post(reverse("catalog:pricing_markup_delete", args=[markup.pk])).status_code == 302
    )
    assert SubdealerMarkup.objects.count() == 1 and not SubdealerFixedPrice.objects.exists()


def test_dealer_cannot_price_another_dealers_subdealer(world, cat):
    url = reverse("catalog:pricing_subdealers")
    response = world.client("dealer_b_admin").post(
        url, {"markup": "1", "subdealer": world.sub_a1.pk, "percent": "10"}
    )
    assert "выберите своего субдилера" in response.content.decode()
    assert not SubdealerMarkup.objects.exists()


@pytest.mark.parametrize(
    ("route", "make"),
    [
        (
            "catalog:pricing_markup_delete",
            lambda dealer, cat: SubdealerMarkup.objects.create(dealer=dealer, percent=D("5")),
        ),
        (
            "catalog:pricing_fixed_price_delete",
            lambda dealer, cat: SubdealerFixedPrice.objects.create(
                dealer=dealer, offer=cat.window, amount=D("9")
            ),
        ),
    ],
)
def test_a_missing_or_another_dealers_rule_is_not_found(world, cat, route, make):
    gone = make(world.dealer_a, cat)
    missing = gone.pk
    gone.delete()
    row = make(world.dealer_a, cat)
    assert row.pk != missing
    stranger = world.client("dealer_b_admin")
    assert stranger.post(reverse(route, args=[row.pk])).status_code == 404
    assert type(row).objects.filter(pk=row.pk).exists()
    assert world.client("dealer_a_admin").post(reverse(route, args=[missing])).status_code == 404
    assert stranger.post(reverse(route, args=[missing])).status_code == 404
    # Who may not manage sub-dealer prices at all is refused before any lookup: 403 both ways.
    employee = world.client("dealer_a_employee")
    assert employee.post(reverse(route, args=[missing])).status_code == 403
    assert employee.post(reverse(route, args=[row.pk])).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("name", ["dealer_a_employee", "sub_a1_admin", "factory_admin"])
def test_only_dealer_admin_opens_subdealer_prices(world, cat, name):
    markup = SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("5"))
    client = world.client(name)
    assert client.get(reverse("catalog:pricing_subdealers")).status_code == 403
    delete = reverse("catalog:pricing_markup_delete", args=[markup.pk])
    assert client.post(delete).status_code == 403
    assert SubdealerMarkup.objects.filter(pk=markup.pk).exists()
