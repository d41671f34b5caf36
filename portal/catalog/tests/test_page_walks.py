"""The walks of the whole catalog (``page_walks``) show exactly what sorting every candidate
shows, whether the walk fills the page or comes up short (on PostgreSQL; elsewhere the pages
are sorted only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.catalog import page_walks
from portal.catalog.tests import builders

LIST = reverse("catalog:list")


@pytest.fixture
def catalog(world):
    retail = builders.price_type("Розничная")
    for index in range(12):
        # «дверь» along the names (Б…, Д…, М…), «окно» in one stretch of them (О…), and
        # names between that match neither.
        for name in ("Балконная дверь", "Дверь входная", "Межкомнатная дверь", "Окно ПВХ"):
            builders.product(f"{name} {index:02}", prices={retail: "100"})
        builders.product(f"Аксессуар {index:02}", prices={retail: "10"})
        builders.product(f"Ручка {index:02}", prices={retail: "10"})
    builders.product("Дверь снятая", prices={retail: "100"}, is_active=False)


def pages(client, text="", **params):
    """Every page of a search, ten rows a page (the least a page may hold)."""
    found, page = [], 1
    while True:
        response = client.get(LIST, {"q": text, "size": 10, "page": page, **params})
        found.append([card.product.name for card in response.context["cards"]])
        if not response.context["has_next"]:
            return found
        page += 1


@pytest.mark.parametrize("text", ["дверь", "окно", "ручка 1", "нет такого"])
def test_every_walk_budget_pages_alike(world, catalog, monkeypatch, text):
    client = world.client("dealer_a_admin")
    seen = {}
    for budget in (1, 2, 20, 10_000):
        monkeypatch.setattr(page_walks, "WALK_PER_ROW", budget)
        seen[budget] = pages(client, text)
    expected = seen[10_000]
    assert all(found == expected for found in seen.values()), seen
    everything = sorted(name for page in expected for name in page)
    assert [name for page in expected for name in page] == everything
    assert "Дверь снятая" not in everything


@pytest.mark.parametrize("sort", ["price", "-price"])
def test_price_pages_put_the_unpriced_last(world, catalog, sort):
    for index in range(3):
        builders.product(f"Заглушка {index}")
    cheap = sorted(f"{name} {index:02}" for name in ("Аксессуар", "Ручка") for index in range(12))
    dear = sorted(
        f"{name} {index:02}"
        for name in ("Балконная дверь", "Дверь входная", "Межкомнатная дверь", "Окно ПВХ")
        for index in range(12)
    )
    priced = cheap + dear if sort == "price" else dear + cheap
    expected = [*priced, "Заглушка 0", "Заглушка 1", "Заглушка 2"]
    found = pages(world.client("dealer_a_admin"), sort=sort)
    assert [name for page in found for name in page] == expected


def test_whole_catalog_searches_and_price_pages_walk_on_postgresql(world, catalog):
    with CaptureQueriesContext(connection) as queries:
        world.client("dealer_a_admin").get(LIST, {"q": "дверь"})
    walked = any("walked" in query["sql"] for query in queries.captured_queries)
    assert walked == (connection.vendor == "postgresql")
    with CaptureQueriesContext(connection) as queries:
        world.client("dealer_a_admin").get(LIST, {"q": "дверь", "sort": "price"})
    assert not any("walked" in query["sql"] for query in queries.captured_queries)
    with CaptureQueriesContext(connection) as queries:
        world.client("dealer_a_admin").get(LIST, {"sort": "-price"})
    walked = any("walked" in query["sql"] for query in queries.captured_queries)
    assert walked == (connection.vendor == "postgresql")
