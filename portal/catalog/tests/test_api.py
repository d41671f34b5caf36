"""Catalog API: groups, products with search and the caller's price, stock, price explanation."""

from decimal import Decimal

import pytest

from portal.catalog.tests import builders
from portal.pricing.models import DealerPriceAssignment, SubdealerMarkup


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
