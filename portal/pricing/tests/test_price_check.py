"""The price check page: a dealer's or sub-dealer's price of a product on a date, with its steps,
for the factory's staff and the dealer; never for a sub-dealer."""

from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse

from portal.catalog.tests import builders
from portal.pricing.formatting import format_money
from portal.pricing.models import DealerPriceAssignment, Promotion, SubdealerMarkup
from portal.pricing.resolver import price_for

URL = reverse("catalog:pricing_check")


@pytest.fixture
def door(world):
    retail = builders.price_type("Розничная")
    doors = builders.group("Двери")
    offer = builders.product("Дверь входная", group=doors, prices={retail: "30000"}, article="DV-1")
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("10"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("20"))
    sale = Promotion.objects.create(
        name="Зима", starts_on=date(2027, 1, 10), ends_on=date(2027, 1, 20), percent=Decimal("5")
    )
    sale.groups.add(doors)
    return offer


def shown(amount: str) -> str:
    return format_money(Decimal(amount), language="ru")


def check(world, name: str, **asked):
    return world.client(name).get(URL, asked)


@pytest.mark.parametrize(
    "name", ["factory_admin", "manager_a", "dealer_a_admin", "dealer_a_employee"]
)
def test_the_subdealers_price_with_its_steps(world, door, name):
    page = check(world, name, organisation=world.sub_a1.pk, product="DV-1", on="2027-01-15")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Цена для «Субдилер А1» на 15.01.2027" in text
    steps = [
        "Цена завода «Розничная»",
        "Скидка дилера −10%",
        "Акция «Зима» −5%",
        "Закупочная цена дилера",
        "Наценка дилера +20%",
    ]
    positions = [text.index(step) for step in steps]
    assert positions == sorted(positions)
    expected = price_for(
        organisation=world.sub_a1, offer=door, on=date(2027, 1, 15), viewer=world.actor(name)
    )
    assert expected.amount == Decimal("30780.00")
    assert shown("30780") in text


def test_the_date_decides_the_promotion(world, door):
    page = check(
        world, "dealer_a_admin", organisation=world.dealer_a.pk, product="DV-1", on="2027-01-21"
    )
    text = page.content.decode()
    assert "Акция «Зима»" not in text
    assert shown("27000") in text  # 30,000 − 10 %


def test_the_companies_offered_are_the_ones_whose_prices_one_sees(world, door):
    dealer = check(world, "dealer_a_admin").context["form"].fields["organisation"].queryset
    assert list(dealer) == [world.dealer_a, world.sub_a1]
    manager = check(world, "manager_b").context["form"].fields["organisation"].queryset
    assert list(manager) == [world.dealer_b, world.sub_b1]
    admin = check(world, "factory_admin").context["form"].fields["organisation"].queryset
    assert list(admin) == [world.dealer_a, world.sub_a1, world.dealer_b, world.sub_b1]


@pytest.mark.parametrize(
    ("name", "company"),
    [("manager_b", "sub_a1"), ("dealer_b_admin", "dealer_a"), ("dealer_a_admin", "factory")],
)
def test_another_companys_price_is_refused_on_the_form(world, door, name, company):
    page = check(world, name, organisation=world.orgs[company].pk, product="DV-1", on="2027-01-15")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Поле «Компания»: выберите компанию из списка." in text
    assert "Цена для" not in text and shown("30000") not in text


@pytest.mark.parametrize("name", ["sub_a1_admin", "sub_a1_employee", "sub_b1_admin"])
def test_a_subdealer_is_refused(world, door, name):
    page = check(world, name, organisation=world.orgs["sub_a1"].pk, product="DV-1", on="2027-01-15")
    assert page.status_code == 403
    assert shown("30000") not in page.content.decode()


def test_bad_input_names_the_field(world, door):
    builders.product("Дверь вторая", article="DV-2")
    builders.product("Дверь третья", article="DV-2")
    asked = {"organisation": world.dealer_a.pk, "on": "2027-01-15"}
    text = check(world, "dealer_a_admin", **asked, product="НЕТ-1").content.decode()
    assert "Поле «Товар»: товар «НЕТ-1» не найден в каталоге." in text
    text = check(world, "dealer_a_admin", **asked, product="DV-2").content.decode()
    assert "Поле «Товар»: артикул «DV-2» есть у нескольких товаров, укажите код 1С." in text
    text = check(
        world, "dealer_a_admin", **{**asked, "on": "вчера"}, product="DV-1"
    ).content.decode()
    assert "Поле «На дату»: ДД.ММ.ГГГГ." in text


def test_a_product_is_found_by_its_1c_id(world, door):
    page = check(
        world,
        "dealer_a_admin",
        organisation=world.dealer_a.pk,
        product=door.product.external_id,
        on="2027-01-21",
    )
    assert shown("27000") in page.content.decode()


def test_a_link_fills_the_form_in_without_checking(world, door):
    page = check(world, "manager_a", product="DV-1")
    assert page.status_code == 200
    assert page.context["form"].initial["product"] == "DV-1"
    assert "field__error" not in page.content.decode()


def test_the_product_page_links_here_except_for_a_subdealer(world, door):
    """By the 1C id, which names one product even where another shares its article."""
    builders.product("Дверь другая", article="DV-1")
    product = reverse("catalog:product", args=[door.product.pk])
    link = f'{URL}?product={quote(door.product.external_id)}"'
    assert link in world.client("dealer_a_admin").get(product).content.decode()
    assert link in world.client("manager_a").get(product).content.decode()
    assert URL not in world.client("sub_a1_admin").get(product).content.decode()
    followed = check(
        world,
        "dealer_a_admin",
        organisation=world.dealer_a.pk,
        product=door.product.external_id,
        on="2027-01-21",
    )
    assert shown("27000") in followed.content.decode()
