"""The budgeted walk of a whole-catalog search (``name_walk``) shows exactly what sorting every
match shows, whether the walk finds the page or comes up short (on PostgreSQL; elsewhere the
search sorts its matches only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.catalog import name_walk
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


def pages(client, text):
    """Every page of a search, ten rows a page (the least a page may hold)."""
    found, page = [], 1
    while True:
        response = client.get(LIST, {"q": text, "size": 10, "page": page})
        found.append([card.product.name for card in response.context["cards"]])
        if not response.context["has_next"]:
            return found
        page += 1


@pytest.mark.parametrize("text", ["дверь", "окно", "ручка 1", "нет такого"])
def test_every_walk_budget_pages_alike(world, catalog, monkeypatch, text):
    client = world.client("dealer_a_admin")
    seen = {}
    for budget in (1, 2, 20, 10_000):
        monkeypatch.setattr(name_walk, "WALK_PER_ROW", budget)
        seen[budget] = pages(client, text)
    expected = seen[10_000]
    assert all(found == expected for found in seen.values()), seen
    everything = sorted(name for page in expected for name in page)
    assert [name for page in expected for name in page] == everything
    assert "Дверь снятая" not in everything


def test_a_search_of_the_whole_catalog_walks_on_postgresql(world, catalog):
    with CaptureQueriesContext(connection) as queries:
        world.client("dealer_a_admin").get(LIST, {"q": "дверь"})
    walked = any("walked" in query["sql"] for query in queries.captured_queries)
    assert walked == (connection.vendor == "postgresql")
    with CaptureQueriesContext(connection) as queries:
        world.client("dealer_a_admin").get(LIST, {"q": "дверь", "sort": "price"})
    assert not any("walked" in query["sql"] for query in queries.captured_queries)
