"""The stored lowest price per product and price type that «sort by price» reads."""

from collections import defaultdict

import pytest

from portal.catalog.list_prices import refresh_list_prices
from portal.catalog.models import Price, ProductListPrice
from portal.exchange.importer.run import import_catalog
from portal.exchange.tests.conftest import PACKAGE

pytestmark = pytest.mark.django_db


def lowest_from_prices() -> dict:
    lowest = defaultdict(list)
    for price in Price.objects.select_related("offer"):
        lowest[price.offer.product_id, price.price_type_id].append(price.amount)
    return {key: min(amounts) for key, amounts in lowest.items()}


def stored() -> dict:
    return {
        (row.product_id, row.price_type_id): row.amount for row in ProductListPrice.objects.all()
    }


def test_an_import_stores_each_products_lowest_price_per_type():
    import_catalog([PACKAGE])
    assert stored() == lowest_from_prices()
    assert len(stored()) >= 3


def test_an_unchanged_reimport_leaves_the_rows_as_they_were():
    import_catalog([PACKAGE])
    before = list(ProductListPrice.objects.order_by("pk").values_list("pk", "amount"))
    import_catalog([PACKAGE])
    assert list(ProductListPrice.objects.order_by("pk").values_list("pk", "amount")) == before


def test_a_changed_or_removed_price_is_followed():
    import_catalog([PACKAGE])
    changed = Price.objects.order_by("pk").first()
    Price.objects.filter(pk=changed.pk).update(amount=changed.amount + 1000)
    Price.objects.order_by("pk").last().delete()
    refresh_list_prices()
    assert stored() == lowest_from_prices()
