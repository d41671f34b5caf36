"""Catalog pages: tree, search, filters, htmx partial, product card, withdrawn products."""

import itertools
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import snowballstemmer
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.catalog.models import ProductImage, ProductPropertyValue, Property, PropertyChoice
from portal.catalog.search import stem
from portal.catalog.tests import builders
from portal.catalog.version import catalog_changed
from portal.pricing.models import DealerPriceAssignment, Promotion, SubdealerMarkup

LIST = reverse("catalog:list")


@pytest.fixture
def cat(world):
    class Cat:
        retail = builders.price_type("Розничная")
        windows = builders.group("Окна")
        doors = builders.group("Двери")
        store = builders.warehouse("Склад Москва")
        colour = Property.objects.create(external_id="colour", name="Цвет", value_type="reference")

    cat = Cat()
    cat.white = PropertyChoice.objects.create(property=cat.colour, external_id="w", value="Белый")
    cat.oak = PropertyChoice.objects.create(property=cat.colour, external_id="o", value="Дуб")
    cat.window = builders.product(
        "Окно ПВХ Комфорт", group=cat.windows, prices={cat.retail: "15000"}, article="OK-100"
    )
    cat.door = builders.product(
        "Дверь входная Сталь", group=cat.doors, prices={cat.retail: "30000"}, article="DV-200"
    )
    cat.oak_door = builders.product(
        "Дверь межкомнатная Дуб", group=cat.doors, prices={cat.retail: "9000"}, article="DV-300"
    )
    cat.old = builders.product(
        "Дверь снятая", group=cat.doors, prices={cat.retail: "100"}, is_active=False
    )
    ProductPropertyValue.objects.create(
        product=cat.door.product, property=cat.colour, choice=cat.white
    )
    ProductPropertyValue.objects.create(
        product=cat.oak_door.product, property=cat.colour, choice=cat.oak
    )
    builders.stock(cat.door, cat.store, "3")
    ProductImage.objects.create(product=cat.door.product, path="import_files/door.jpg")
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("10"))
    return cat


def names(response):
    return [card.product.name for card in response.context["cards"]]


def test_anonymous_goes_to_login(world):
    response = world.client(None).get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["factory_admin", "dealer_a_employee", "sub_a1_employee"])
def test_every_role_browses_with_its_own_prices(world, cat, name):
    response = world.client(name).get(LIST)
    assert response.status_code == 200
    assert "Окно ПВХ Комфорт" in response.content.decode()
    expected = {"factory_admin": "15\u202f000,00", "dealer_a_employee": "15\u202f000,00"}
    text = response.content.decode()
    assert expected.get(name, "16\u202f500,00") in text


def test_withdrawn_products_only_for_factory(world, cat):
    assert "Дверь снятая" not in names(world.client("dealer_a_admin").get(LIST))
    response = world.client("factory_admin").get(LIST)
    assert "Дверь снятая" in names(response)
    assert "снят с продажи" in response.content.decode()
    url = reverse("catalog:product", args=[cat.old.product.pk])
    assert world.client("dealer_a_admin").get(url).status_code == 404
    page = world.client("factory_admin").get(url).content.decode()
    assert "Товар снят с продажи, заказать его нельзя." in page


def test_search_by_name_and_article(world, cat):
    client = world.client("dealer_a_admin")
    assert names(client.get(LIST, {"q": "дверь входная"})) == ["Дверь входная Сталь"]
    assert names(client.get(LIST, {"q": "ok-100"})) == ["Окно ПВХ Комфорт"]
    assert names(client.get(LIST, {"q": "нет такого"})) == []


def test_search_finds_other_forms_of_a_word(world, cat):
    client = world.client("dealer_a_admin")
    assert names(client.get(LIST, {"q": "двери"})) == [
        "Дверь входная Сталь",
        "Дверь межкомнатная Дуб",
    ]
    assert names(client.get(LIST, {"q": "входные двери"})) == ["Дверь входная Сталь"]
    assert names(client.get(LIST, {"q": "ОКНА"})) == ["Окно ПВХ Комфорт"]


def test_search_takes_yo_for_ye(world, cat):
    """People type «е» for «ё», 1C may hold either: both sides are folded."""
    builders.product("Окно ПВХ трёхстворчатое", group=cat.windows, prices={cat.retail: "20000"})
    builders.product("Ручка черная", group=cat.doors, prices={cat.retail: "500"})
    client = world.client("dealer_a_admin")
    for text in ("трехстворчатое", "трёхстворчатые окна", "ТРЕХСТВОРЧАТОЕ"):
        assert names(client.get(LIST, {"q": text})) == ["Окно ПВХ трёхстворчатое"], text
    for text in ("чёрная ручка", "черная"):
        assert names(client.get(LIST, {"q": text})) == ["Ручка черная"], text
    api = client.get("/api/v1/products/", {"search": "трехстворчатое"}).json()
    assert [item["name"] for item in api["results"]] == ["Окно ПВХ трёхстворчатое"]


def test_search_stems_only_russian_words():
    assert stem("двери") == stem("дверью") == "двер"
    assert stem("Входные") == "входн"
    assert stem("дуб") == "дуб"  # too short to shorten
    assert stem("ёлка") == "ёлка"  # not stemmed: the search folds «ё» into «е» first
    assert stem("OK-100") == "OK-100"
    assert stem("1200") == "1200"


def test_stems_are_right_when_threads_ask_at_once():
    """Gunicorn's threads search at the same time: each word gets its own stem."""
    syllables = ["ма", "ло", "ки", "ну", "пе", "ра"]
    words = ["".join(parts) for parts in itertools.product(syllables, repeat=4)]
    expected = {word: snowballstemmer.stemmer("russian").stemWord(word) for word in words}
    stem.cache_clear()
    found: dict[str, str] = {}
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            for chunk in pool.map(_stems, [words[i::4] for i in range(4)]):
                found.update(chunk)
    finally:
        sys.setswitchinterval(interval)
        stem.cache_clear()
    assert found == {w: e if len(e) >= 3 else w for w, e in expected.items()}


def _stems(words: list[str]) -> dict[str, str]:
    return {word: stem(word) for word in words}


def test_group_filters_stock_and_sort(world, cat):
    client = world.client("dealer_a_admin")
    group = {"group": cat.doors.pk}
    response = client.get(LIST, group)
    assert names(response) == ["Дверь входная Сталь", "Дверь межкомнатная Дуб"]
    assert [facet.name for facet in response.context["facets"]] == ["Цвет"]
    oak = f"{cat.colour.pk}-c{cat.oak.pk}"
    white = f"{cat.colour.pk}-c{cat.white.pk}"
    assert names(client.get(LIST, {**group, "pv": oak})) == ["Дверь межкомнатная Дуб"]
    assert len(names(client.get(LIST, {**group, "pv": [oak, white]}))) == 2
    assert names(client.get(LIST, {**group, "in_stock": "on"})) == ["Дверь входная Сталь"]
    assert names(client.get(LIST, {**group, "sort": "price"}))[0] == "Дверь межкомнатная Дуб"
    assert names(client.get(LIST, {**group, "sort": "-price"}))[0] == "Дверь входная Сталь"


def test_search_results_follow_every_sort(world, cat):
    """A search leads its order with ``COALESCE(key, key)`` (``_unindexed``): the order is
    still the key's."""
    client = world.client("dealer_a_admin")
    search = {"q": "дверь"}
    by_name = ["Дверь входная Сталь", "Дверь межкомнатная Дуб"]
    assert names(client.get(LIST, search)) == by_name
    assert names(client.get(LIST, {**search, "sort": "price"})) == by_name[::-1]
    assert names(client.get(LIST, {**search, "sort": "-price"})) == by_name
    assert names(client.get(LIST, {**search, "sort": "new"})) == by_name[::-1]
    assert names(client.get(LIST)) == [*by_name, "Окно ПВХ Комфорт"]


def test_products_without_a_price_come_last_in_both_price_sorts(world, cat):
    """PostgreSQL puts NULL first when sorting down, SQLite when sorting up: a product with
    no price of the dealer's type must not lead «дороже» or «дешевле» on either."""
    builders.product("Дверь без цены", group=cat.doors)
    client = world.client("dealer_a_admin")
    for sort in ("price", "-price"):
        assert names(client.get(LIST, {"group": cat.doors.pk, "sort": sort}))[-1] == (
            "Дверь без цены"
        ), sort
        assert names(client.get(LIST, {"q": "дверь", "sort": sort}))[-1] == "Дверь без цены"


def test_htmx_gets_the_results_partial(world, cat):
    response = world.client("dealer_a_admin").get(
        LIST, {"q": "Окно"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert text.lstrip().startswith('<section id="results"')
    assert "Окно ПВХ Комфорт" in text and "<html" not in text


def test_paging_without_count(world, cat):
    for index in range(12):
        builders.product(f"Ручка {index:02}", group=cat.doors, prices={cat.retail: "10"})
    client = world.client("dealer_a_admin")
    first = client.get(LIST, {"q": "Ручка", "size": 10})
    assert len(names(first)) == 10 and first.context["has_next"]
    second = client.get(LIST, {"q": "Ручка", "size": 10, "page": 2})
    assert names(second) == ["Ручка 10", "Ручка 11"] and not second.context["has_next"]


def test_new_and_promo_marks(world, cat):
    Promotion.objects.create(
        name="Осень", starts_on="2000-01-01", ends_on="2100-01-01", percent=Decimal("5")
    ).groups.add(cat.windows)
    cards = {c.product.name: c for c in world.client("sub_a1_admin").get(LIST).context["cards"]}
    assert cards["Окно ПВХ Комфорт"].is_promo and not cards["Дверь входная Сталь"].is_promo
    assert cards["Окно ПВХ Комфорт"].is_new  # first seen today


@pytest.mark.parametrize("name", ["dealer_a_admin", "sub_a1_admin", "factory_admin"])
def test_list_query_count_does_not_grow_with_rows(world, cat, name):
    client = world.client(name)
    client.get(LIST)  # warm up session and caches

    def count(rows):
        for index in range(rows):
            builders.product(
                f"Стекло {rows}-{index:02}", group=cat.windows, prices={cat.retail: "1"}
            )
        cache.clear()  # the group's filter values are cached: count them both times
        with CaptureQueriesContext(connection) as queries:
            response = client.get(
                LIST, {"group": cat.windows.pk, "q": f"Стекло {rows}-", "size": 50}
            )
        assert len(response.context["cards"]) == rows
        return len(queries)

    assert count(10) == count(50)


def test_product_page_shows_stock_images_and_steps_to_dealer(world, cat):
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("10"))
    url = reverse("catalog:product", args=[cat.door.product.pk])
    page = world.client("dealer_a_admin").get(url).content.decode()
    assert "Склад Москва" in page and "/media/import_files/door.jpg" in page
    assert "Почему такая цена" in page and "Скидка дилера −10%" in page
    assert "27\u202f000,00" in page
    sub_page = world.client("sub_a1_admin").get(url).content.decode()
    assert "Почему такая цена" not in sub_page and "29\u202f700,00" in sub_page


def test_unknown_product_is_404(world, cat):
    assert (
        world.client("dealer_a_admin").get(reverse("catalog:product", args=[999999])).status_code
        == 404
    )


def test_group_filters_cover_subgroups_and_hide_withdrawn_values(world, cat):
    inner = builders.group("Двери стальные", parent=cat.doors)
    grey = PropertyChoice.objects.create(property=cat.colour, external_id="g", value="Серый")
    hidden = PropertyChoice.objects.create(property=cat.colour, external_id="h", value="Скрытый")
    steel = builders.product("Дверь стальная", group=inner, prices={cat.retail: "1"})
    ProductPropertyValue.objects.create(product=steel.product, property=cat.colour, choice=grey)
    ProductPropertyValue.objects.create(product=cat.old.product, property=cat.colour, choice=hidden)

    def values(name, group):
        facets = world.client(name).get(LIST, {"group": group.pk}).context["facets"]
        return [value.label for facet in facets for value in facet.values]

    assert values("dealer_a_admin", cat.doors) == ["Белый", "Дуб", "Серый"]
    assert values("dealer_a_admin", inner) == ["Серый"]
    assert values("factory_admin", cat.doors) == ["Белый", "Дуб", "Серый", "Скрытый"]
    assert values("dealer_a_admin", cat.windows) == []


def test_an_import_drops_the_cached_groups_and_filters(world, cat):
    client = world.client("dealer_a_admin")
    assert [f.name for f in client.get(LIST, {"group": cat.windows.pk}).context["facets"]] == []
    ProductPropertyValue.objects.create(
        product=cat.window.product, property=cat.colour, choice=cat.white
    )
    cat.doors.is_active = False
    cat.doors.save()
    catalog_changed()
    response = client.get(LIST, {"group": cat.windows.pk})
    assert [f.name for f in response.context["facets"]] == ["Цвет"]
    assert [link.group.name for link in response.context["tree"]] == ["Окна"]
    assert client.get(LIST, {"group": cat.doors.pk}).status_code == 404


def test_a_group_newer_than_the_cached_tree_is_found(world, cat):
    client = world.client("dealer_a_admin")
    client.get(LIST)
    fresh = builders.group("Подоконники")
    builders.product("Подоконник белый", group=fresh, prices={cat.retail: "5"})
    response = client.get(LIST, {"group": fresh.pk})
    assert response.status_code == 200 and names(response) == ["Подоконник белый"]


def test_group_page_with_filters_query_count(world, cat):
    client = world.client("sub_a1_admin")
    client.get(LIST, {"group": cat.windows.pk})  # works out the filters of every group
    oak = f"{cat.colour.pk}-c{cat.oak.pk}"
    params = {"group": cat.doors.pk, "pv": oak, "in_stock": "", "sort": "price"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert names(response) == ["Дверь межкомнатная Дуб"]
    assert [facet.name for facet in response.context["facets"]] == ["Цвет"]
    # user; the page, its offers, prices, fixed prices; the header's cart and notification
    # counts (one statement). The session, the group tree, the filter values and the
    # sub-dealer's pricing terms come from the cache.
    assert len(queries) == 6, "\n".join(query["sql"][:90] for query in queries)
