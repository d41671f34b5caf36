"""Catalog API: groups, products with search and the caller's price, stock, price explanation."""

from datetime import date
from decimal import Decimal

import pytest

from portal.catalog.tests import builders
from portal.pricing.models import DealerPriceAssignment, Promotion, SubdealerMarkup


@pytest.fixture
def cat(world):
    retail = builders.price_type("Розничная")
    doors = builders.group("Двери")
    door = builders.product("Дверь входная", group=doors, prices={retail: "30000"}, article="DV-1")
    builders.product("Окно", group=builders.group("Окна"), prices={retail: "100"})
    builders.stock(door, builders.warehouse("Склад Казань"), "4")
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("10"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("20"))
    return {"door": door, "doors": doors}


def test_product_search_answers_the_callers_price(world, cat):
    response = world.client("dealer_a_admin").get("/api/v1/products/", {"search": "входная"})
    assert response.status_code == 200
    body = response.json()
    assert [row["article"] for row in body["results"]] == ["DV-1"]
    assert body["results"][0]["price"]["amount"] == "27000.00"
    assert body["next"] is None
    sub = world.client("sub_a1_admin").get("/api/v1/products/", {"search": "DV-1"}).json()
    assert sub["results"][0]["price"]["amount"] == "32400.00"


def test_products_filter_by_group_and_page(world, cat):
    client = world.client("dealer_a_admin")
    body = client.get("/api/v1/products/", {"group": cat["doors"].pk}).json()
    assert [row["name"] for row in body["results"]] == ["Дверь входная"]
    first = client.get("/api/v1/products/", {"page_size": 1}).json()
    assert len(first["results"]) == 1 and "page=2" in first["next"]


def test_groups_product_and_stock(world, cat):
    client = world.client("sub_a1_employee")
    assert {g["name"] for g in client.get("/api/v1/groups/").json()} == {"Двери", "Окна"}
    product_id = cat["door"].product.pk
    product = client.get(f"/api/v1/products/{product_id}/").json()
    assert product["in_stock"] and product["offers"][0]["price"]["amount"] == "32400.00"
    stock = client.get(f"/api/v1/products/{product_id}/stock/").json()
    assert stock == [{"offer": cat["door"].pk, "warehouse": "Склад Казань", "quantity": "4.000"}]


def test_price_explanation_not_for_subdealers(world, cat):
    url = f"/api/v1/products/{cat['door'].product.pk}/price-explanation/"
    body = world.client("dealer_a_admin").get(url).json()
    assert [step["label"] for step in body[0]["steps"]] == [
        "Цена завода «Розничная»",
        "Скидка дилера −10%",
        "Закупочная цена дилера",
    ]
    assert world.client("sub_a1_admin").get(url).status_code == 403


def test_withdrawn_and_unknown_products_are_404(world, cat):
    old = builders.product("Старая", is_active=False)
    client = world.client("dealer_a_admin")
    assert client.get(f"/api/v1/products/{old.product.pk}/").status_code == 404
    assert client.get("/api/v1/products/999999/").status_code == 404
    assert (
        world.client("factory_admin").get(f"/api/v1/products/{old.product.pk}/").json()["is_active"]
        is False
    )


def test_anonymous_is_refused(world, cat):
    assert world.client(None).get("/api/v1/products/").status_code in (401, 403)


def test_price_explanation_of_a_subdealer_on_a_date(world, cat):
    """The dealer and the factory ask for another company's price on another day."""
    url = f"/api/v1/products/{cat['door'].product.pk}/price-explanation/"
    sale = Promotion.objects.create(
        name="Зима", starts_on=date(2027, 1, 10), ends_on=date(2027, 1, 20), percent=Decimal("5")
    )
    sale.groups.add(cat["doors"])
    asked = {"organisation": world.sub_a1.pk, "on": "2027-01-15"}
    for name in ("dealer_a_admin", "manager_a", "factory_admin"):
        body = world.client(name).get(url, asked).json()
        assert body[0]["amount"] == "30780.00"  # 30,000 − 10 % − 5 %, then + 20 %
        assert [step["label"] for step in body[0]["steps"]] == [
            "Цена завода «Розничная»",
            "Скидка дилера −10%",
            "Акция «Зима» −5%",
            "Закупочная цена дилера",
            "Наценка дилера +20%",
        ]
    after = world.client("dealer_a_admin").get(url, {**asked, "on": "2027-01-21"}).json()
    assert after[0]["amount"] == "32400.00"
    assert "Акция «Зима» −5%" not in [step["label"] for step in after[0]["steps"]]


def test_price_explanation_of_a_company_one_does_not_see_is_404(world, cat):
    url = f"/api/v1/products/{cat['door'].product.pk}/price-explanation/"
    assert world.client("manager_b").get(url, {"organisation": world.sub_a1.pk}).status_code == 404
    dealer_b = world.client("dealer_b_admin")
    assert dealer_b.get(url, {"organisation": world.dealer_a.pk}).status_code == 404
    # the factory is visible to a dealer, its price is not
    assert dealer_b.get(url, {"organisation": world.factory.pk}).status_code == 403
    answer = dealer_b.get(url, {"on": "15.01.2027"})
    assert answer.status_code == 400 and "on" in answer.json()
