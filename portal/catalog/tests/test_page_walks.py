"""The index walks of catalog pages (``page_walks``) show exactly what sorting every candidate
shows, whether the walk fills the page or comes up short (on PostgreSQL; elsewhere the pages
are sorted only)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.catalog import page_walks
from portal.catalog.models import Offer
from portal.catalog.tests import builders

LIST = reverse("catalog:list")
FAMILIES = {  # name: (group, price of the first of each three; None: no price)
    "Балконная дверь": ("Двери", 100),
    "Дверь входная": ("Двери", 100),
    "Межкомнатная дверь": ("Двери", 95),
    "Окно ПВХ": ("Окна", 100),
    "Аксессуар": ("Фурнитура", 10),
    "Ручка": ("Фурнитура", 10),
    "Заглушка": ("Фурнитура", None),
}


class Catalog:
    def __init__(self):
        self.groups = {}
        self.prices = {}  # name: price or None, of every product on sale


@pytest.fixture
def catalog(world):
    """«дверь» along the names (Б…, Д…, М…), «окно» in one stretch of them (О…), names
    between that match neither; prices in three steps with many equal ones, and a family
    without a price."""
    retail = builders.price_type("Розничная")
    made = Catalog()
    for name, (group_name, price) in FAMILIES.items():
        group = made.groups.get(group_name) or builders.group(group_name)
        made.groups[group_name] = group
        for index in range(12):
            amount = None if price is None else Decimal(price + index % 3 * 5)
            title = f"{name} {index:02}"
            builders.product(title, group=group, prices={retail: str(amount)} if amount else None)
            made.prices[title] = amount
    builders.product("Дверь снятая", prices={retail: "1"}, is_active=False)
    return made


def pages(client, text="", **params):
    """The names on every page, ten rows a page (the least a page may hold)."""
    found, page = [], 1
    while True:
        response = client.get(LIST, {"q": text, "size": 10, "page": page, **params})
        found.extend(card.product.name for card in response.context["cards"])
        if not response.context["has_next"]:
            return found
        page += 1


@pytest.mark.parametrize("who", ["dealer_a_admin", "factory_admin"])
@pytest.mark.parametrize("text", ["дверь", "окно", "ручка", "ручка 1", "нет такого"])
def test_every_name_walk_budget_pages_alike(world, catalog, monkeypatch, text, who):
    """The factory sees withdrawn products too, a dealer never: the walk reads what the
    caller may see, as the sort does."""
    client = world.client(who)
    seen = {}
    for budget in (1, 2, 20, 10_000):
        monkeypatch.setattr(page_walks, "WALK_PER_ROW", budget)
        seen[budget] = pages(client, text)
    shown = [*catalog.prices, "Дверь снятая"] if who == "factory_admin" else catalog.prices
    words = text.split()
    expected = sorted(name for name in shown if all(word[:4] in name.lower() for word in words))
    assert all(found == expected for found in seen.values()), seen


SCOPES = {
    "whole catalog": ({}, lambda name: True),
    "group": ({"group": "Двери"}, lambda name: "двер" in name.lower()),
    "search": ({"q": "дверь"}, lambda name: "двер" in name.lower()),
    "group and search": ({"group": "Фурнитура", "q": "ручка"}, lambda name: "Ручка" in name),
    "in stock": ({"in_stock": "on"}, lambda name: name.endswith(("00", "01", "07"))),
}


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("sort", ["price", "-price"])
def test_price_pages_are_sorted_whatever_the_walk_budget(world, catalog, monkeypatch, sort, scope):
    """Equal prices in name order, products without a price last, with walks that read a few
    prices (and cut a run of equal ones), most of them or all."""
    params, belongs = SCOPES[scope]
    params = dict(params)
    if "group" in params:
        params = {**params, "group": catalog.groups[params["group"]].pk}
    if "in_stock" in params:
        store = builders.warehouse("Склад")
        for suffix in ("00", "01", "07"):
            for offer in Offer.objects.filter(name__endswith=suffix):
                builders.stock(offer, store, "2")
    text = params.pop("q", "")
    descending = sort == "-price"
    chosen = [name for name in catalog.prices if belongs(name)]
    priced = sorted(
        (name for name in chosen if catalog.prices[name] is not None),
        key=lambda name: (-catalog.prices[name] if descending else catalog.prices[name], name),
    )
    expected = priced + sorted(name for name in chosen if catalog.prices[name] is None)
    client = world.client("dealer_a_admin")
    for per_row, most in ((1, 5_000), (2, 5_000), (100, 15), (100, 5_000)):
        monkeypatch.setattr(page_walks, "PRICE_WALK_PER_ROW", per_row)
        monkeypatch.setattr(page_walks, "PRICE_WALK_MOST", most)
        assert pages(client, text, sort=sort, **params) == expected, (per_row, most)


@pytest.mark.parametrize(
    ("params", "walks"),
    [
        ({"q": "дверь"}, True),
        ({"q": "дверь входная"}, False),  # several words: selective, sorted at once
        ({"q": "P-1"}, False),  # a code
        ({"sort": "-price"}, True),
        ({"q": "дверь", "sort": "price"}, True),
        ({"group": "Окна", "sort": "price"}, True),
        ({"group": "Окна"}, False),  # the group's own index
    ],
)
def test_which_pages_walk_on_postgresql(world, catalog, params, walks):
    if "group" in params:
        params = {**params, "group": catalog.groups[params["group"]].pk}
    with CaptureQueriesContext(connection) as queries:
        world.client("dealer_a_admin").get(LIST, params)
    walked = any("walked" in query["sql"] for query in queries.captured_queries)
    assert walked == (walks and connection.vendor == "postgresql")
