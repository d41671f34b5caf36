"""The catalog list's cards: the first picture with its description, the stock badge, the
caller's offers (``selectors.product_list`` reads them in its page query and one more)."""

import pytest
from django.urls import reverse
from lxml import html

from portal.catalog.models import Offer, ProductImage
from portal.catalog.selectors import product_list
from portal.catalog.tests import builders

LIST = reverse("catalog:list")


def cards(world, who: str, **params) -> dict[str, html.HtmlElement]:
    page = html.fromstring(world.client(who).get(LIST, params).content)
    return {
        card.xpath(".//a[@class='product-card__name']")[0].text_content(): card
        for card in page.xpath("//li[contains(@class, 'product-card')]")
    }


def test_the_card_shows_the_first_picture_and_the_stock_badge(world):
    retail = builders.price_type("Розничная")
    store = builders.warehouse("Склад")
    shown = builders.product("Окно с картинками", prices={retail: "100"})
    ProductImage.objects.create(product=shown.product, path="b.jpg", sort=2, description="Вторая")
    ProductImage.objects.create(product=shown.product, path="a<1>.jpg", sort=1, description="")
    ProductImage.objects.create(product=shown.product, path="c.jpg", sort=1, description="Третья")
    builders.stock(shown, store, "2")
    bare = builders.product("Окно без картинки", prices={retail: "100"})
    builders.stock(bare, store, "0")

    found = cards(world, "sub_a1_admin", q="Окно")

    image = found["Окно с картинками"].xpath(".//img[@class='product-card__image']")[0]
    # sort 1 first, then the lower id; without a description the product's name is the alt
    assert image.get("src") == "/media/a<1>.jpg" and image.get("alt") == "Окно с картинками"
    assert "в наличии" in found["Окно с картинками"].text_content()
    assert found["Окно без картинки"].xpath(
        ".//div[contains(@class, 'product-card__image--empty')]"
    )
    assert "в наличии" not in found["Окно без картинки"].text_content()


def test_the_page_carries_only_the_callers_offers_in_id_order(world):
    retail = builders.price_type("Розничная")
    first = builders.product("Дверь с вариантами", prices={retail: "10"})
    hidden = Offer.objects.create(
        external_id="hidden", product=first.product, name="Снятый вариант", is_active=False
    )
    second = Offer.objects.create(external_id="second", product=first.product, name="Вариант")

    def offers(who: str) -> list[int]:
        rows, _ = product_list(world.actor(who), price_type=retail, search="Дверь с вариантами")
        return [offer.pk for row in rows for offer in row.visible_offers]

    assert offers("sub_a1_admin") == [first.pk, second.pk]
    assert offers("factory_admin") == [first.pk, hidden.pk, second.pk]


@pytest.mark.parametrize(("language", "shown"), [("ru", "1\u202f234,50 ₽"), ("en", "1,234.50 ₽")])
def test_the_card_writes_its_price_in_the_readers_language(world, language, shown):
    retail = builders.price_type("Розничная")
    builders.product("Окно с ценой", prices={retail: "1234.50"})
    client = world.client("factory_admin")
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get(LIST, {"q": "Окно с ценой"}).content.decode()
    assert f'<span class="product-card__price">{shown}</span>' in page
