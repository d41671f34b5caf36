"""A list page's rows, read by the written-once statement, are the ORM's: the same models
with their groups, stock flags and first pictures, in each sort's order."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.catalog.models import Product, ProductImage
from portal.catalog.page_rows import page_rows
from portal.catalog.selectors import SORTS, _sorted
from portal.catalog.tests import builders


def fields(instance) -> dict:
    """Every concrete field's value with its type (SQLite: 0 == False, datetimes as text)."""
    return {
        field.attname: (type(value := getattr(instance, field.attname)), value)
        for field in instance._meta.concrete_fields
    }


@pytest.fixture
def shelf(db):
    retail = builders.price_type("Розничная")
    doors = builders.group("Двери")
    inner = builders.group("Межкомнатные", parent=doors)
    items = [
        builders.product("Дверь Б", group=inner, prices={retail: "300"}),
        builders.product("Дверь А", group=doors, prices={retail: "300"}),
        builders.product("Ручка", prices={retail: "10"}, vat_rate=None),
        builders.product("Окно без цены", group=doors),
        builders.product("Снятое", group=doors, prices={retail: "5"}, is_active=False),
    ]
    builders.stock(items[0], builders.warehouse("Склад"), "2")
    builders.stock(items[1], builders.warehouse("Склад 2"), "0")
    ProductImage.objects.create(product=items[0].product, path="b.jpg", sort=2, description="Б")
    ProductImage.objects.create(product=items[0].product, path="a.jpg", sort=1, description="А")
    for days, item in enumerate(items):
        Product.objects.filter(pk=item.product_id).update(
            first_seen_at=timezone.now() - timedelta(days=days)
        )
    return retail, [item.product_id for item in items]


@pytest.mark.parametrize("sort", ["name", "new", "price", "-price"])
def test_rows_are_the_orms_in_the_sorts_order(shelf, sort):
    retail, ids = shelf
    chosen = Product.objects.filter(pk__in=ids)
    expected = list(
        _sorted(chosen, SORTS[sort], retail, sort in ("price", "-price")).select_related("group")
    )

    ids_sql, ids_params = chosen.values("pk").query.sql_with_params()
    rows = page_rows(ids_sql, ids_params, sort, retail)

    assert [row.pk for row in rows] == [row.pk for row in expected]
    with CaptureQueriesContext(connection) as captured:
        groups = [row.group and row.group.name for row in rows]
    assert not captured.captured_queries
    assert groups == [row.group and row.group.name for row in expected]
    for row, orm in zip(rows, expected, strict=True):
        assert fields(row) == fields(orm)
        if orm.group_id:
            assert fields(row.group) == fields(orm.group)
    stocked = {row.name: row.has_stock for row in rows}
    assert stocked["Дверь Б"] is True and stocked["Дверь А"] is False
    pictures = {row.name: (row.image_path, row.image_description) for row in rows}
    assert pictures["Дверь Б"] == ("a.jpg", "А") and pictures["Ручка"] == (None, None)


def test_unpriced_last_both_ways_and_no_price_type_is_by_name(shelf):
    retail, ids = shelf
    ids_sql, ids_params = Product.objects.filter(pk__in=ids).values("pk").query.sql_with_params()

    def names(sort, price_type):
        return [row.name for row in page_rows(ids_sql, ids_params, sort, price_type)]

    assert names("price", retail) == ["Снятое", "Ручка", "Дверь А", "Дверь Б", "Окно без цены"]
    assert names("-price", retail) == ["Дверь А", "Дверь Б", "Ручка", "Снятое", "Окно без цены"]
    assert names("price", None) == names("name", retail) == sorted(names("name", retail))
