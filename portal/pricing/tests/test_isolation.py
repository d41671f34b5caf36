"""A sub-dealer never receives a factory price or its dealer's purchase price: every page,
partial, price list (xlsx cells, PDF text) and API answer it can get is searched for them."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.catalog.models import ProductImage
from portal.catalog.tests import builders
from portal.pricing.models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)

D = Decimal
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")


@pytest.fixture
def secrets(world):
    """Distinctive prices: factory lists, and the dealer's purchase prices after its terms."""
    retail = builders.price_type("Розничная")
    dealer_type = builders.price_type("Дилерская")
    windows = builders.group("Окна")
    doors = builders.group("Двери")
    window = builders.product(
        "Окно ПВХ Премиум",
        group=windows,
        article="OK-777",
        prices={retail: "123457.89", dealer_type: "98765.43"},
    )
    door = builders.product(
        "Дверь Сейф",
        group=doors,
        article="DV-555",
        prices={retail: "87654.32", dealer_type: "76543.21"},
    )
    builders.stock(window, builders.warehouse("Склад Тула"), "2")
    ProductImage.objects.create(product=window.product, path="import_files/ok.jpg")
    DealerPriceAssignment.objects.create(
        dealer=world.dealer_a, price_type=dealer_type, discount_percent=D("3")
    )
    DealerGroupDiscount.objects.create(dealer=world.dealer_a, group=doors, percent=D("4"))
    Promotion.objects.create(
        name="Весенняя", starts_on="2000-01-01", ends_on="2100-01-01", percent=D("5")
    ).groups.add(doors)
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=D("10"))
    SubdealerFixedPrice.objects.create(dealer=world.dealer_a, offer=door, amount=D("81234.56"))
    # window: 98765.43 × 0.97 = 95802.47 (purchase) → × 1.10 = 105382.72 for the sub-dealer
    # door: 76543.21 × 0.96 × 0.95 = 69807.41 (purchase) → fixed 81234.56
    return {
        "forbidden": [
            D("123457.89"),
            D("98765.43"),
            D("95802.47"),
            D("87654.32"),
            D("76543.21"),
            D("69807.41"),
            D("73481.48"),  # door after the group discount, before the promotion
        ],
        "allowed": [D("105382.72"), D("81234.56")],
        "window": window,
        "door": door,
        "windows": windows,
    }


def variants(amount: Decimal) -> list[str]:
    plain = f"{amount:.2f}"
    return [plain, plain.replace(".", ","), f"{amount:,.2f}".replace(",", "")]


def assert_clean(text: str, secrets: dict, where: str) -> None:
    squeezed = SPACES.sub("", text)
    for amount in secrets["forbidden"]:
        for needle in [*variants(amount), f"{amount:,.2f}"]:
            assert needle not in squeezed, f"{needle} leaked in {where}"


def assert_shows(text: str, amount: Decimal) -> None:
    assert any(needle in SPACES.sub("", text) for needle in variants(amount))


def subdealer_urls(secrets) -> list[str]:
    product = secrets["window"].product.pk
    door = secrets["door"].product.pk
    group = secrets["windows"].pk
    return [
        reverse("catalog:list"),
        reverse("catalog:list") + f"?group={group}",
        reverse("catalog:list") + "?q=Премиум&sort=price",
        reverse("catalog:list") + "?sort=-price&in_stock=on",
        reverse("catalog:product", args=[product]),
        reverse("catalog:product", args=[door]),
        reverse("catalog:pricing_dealers"),
        reverse("catalog:pricing_subdealers"),
        reverse("catalog:pricing_promotions"),
        reverse("catalog:pricing_dealer", args=[secrets["window"].pk]),
        "/api/v1/groups/",
        "/api/v1/products/",
        "/api/v1/products/?search=OK-777",
        "/api/v1/products/?sort=price",
        f"/api/v1/products/{product}/",
        f"/api/v1/products/{door}/",
        f"/api/v1/products/{product}/stock/",
        f"/api/v1/products/{product}/price-explanation/",
    ]


@pytest.mark.parametrize("name", ["sub_a1_admin", "sub_a1_employee"])
def test_subdealer_pages_and_api_hold_no_upstream_price(world, secrets, name):
    client = world.client(name)
    seen = ""
    for url in subdealer_urls(secrets):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            text = response.content.decode()
            assert_clean(text, secrets, f"{url} ({response.status_code})")
            seen += text
    for amount in secrets["allowed"]:
        assert_shows(seen, amount)  # the test looks at pages that do show prices


def test_subdealer_xlsx_price_list_holds_only_its_prices(world, secrets):
    response = world.client("sub_a1_admin").get(reverse("catalog:price_list_xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    numbers = {D(str(cell)).quantize(D("0.01")) for cell in cells if isinstance(cell, int | float)}
    assert not numbers & set(secrets["forbidden"])
    assert set(secrets["allowed"]) <= numbers
    assert_clean(" ".join(str(cell) for cell in cells), secrets, "xlsx")
    assert "Окна" in cells and "Двери" in cells  # grouped by catalog group


def test_subdealer_pdf_price_list_holds_only_its_prices(world, secrets):
    response = world.client("sub_a1_admin").get(reverse("catalog:price_list_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert_clean(text, secrets, "pdf")
    for amount in secrets["allowed"]:
        assert_shows(text, amount)
    assert "Окно ПВХ Премиум" in text


def test_dealer_sees_its_purchase_price_and_the_steps(world, secrets):
    """The control: the same pages do show these numbers to the dealer."""
    client = world.client("dealer_a_admin")
    url = reverse("catalog:product", args=[secrets["window"].product.pk])
    text = client.get(url).content.decode()
    assert_shows(text, D("95802.47"))
    assert_shows(text, D("98765.43"))
    sheet = load_workbook(
        BytesIO(client.get(reverse("catalog:price_list_xlsx")).content), read_only=True
    ).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert any(
        isinstance(v, int | float) and D(str(v)).quantize(D("0.01")) == D("95802.47")
        for v in values
    )


def test_dealer_b_tree_never_sees_dealer_a_terms(world, secrets):
    for name in ("dealer_b_admin", "sub_b1_admin"):
        client = world.client(name)
        url = reverse("catalog:product", args=[secrets["window"].product.pk])
        text = client.get(url).content.decode()
        for amount in (D("95802.47"), D("105382.72"), D("81234.56")):
            assert not any(needle in SPACES.sub("", text) for needle in variants(amount))
