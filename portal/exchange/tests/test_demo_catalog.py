import pytest

from portal.catalog.models import Price, PriceType, Product, ProductGroup, StockLevel, Warehouse
from portal.demo import catalog
from portal.exchange.models import ImportRun

pytestmark = pytest.mark.django_db


def test_demo_catalog_loads_through_the_importer_and_twice_changes_nothing(settings, snapshot):
    run = catalog.build()
    assert run.status == ImportRun.Status.SUCCESS, run.errors
    assert 200 <= Product.objects.count() <= 600
    assert {g.name for g in ProductGroup.objects.filter(parent=None)} >= {
        "Окна ПВХ", "Двери входные", "Двери межкомнатные", "Стеклопакеты", "Фурнитура",
        "Подоконники и отливы", "Аксессуары",
    }  # fmt: skip
    assert set(PriceType.objects.values_list("name", flat=True)) == {
        "Розничная", "Дилерская", "Оптовая",
    }  # fmt: skip
    assert Warehouse.objects.count() == 3
    assert Price.objects.count() == 3 * Product.objects.count()
    assert StockLevel.objects.count() == 3 * Product.objects.count()
    product = Product.objects.filter(group__name="Одностворчатые окна").first()
    assert (settings.MEDIA_ROOT / product.images.get().path).is_file()
    before = snapshot()
    again = catalog.build()
    assert snapshot() == before
    assert again.counts["products"]["unchanged"] == Product.objects.count()
    assert sum(c["created"] + c["updated"] for c in again.counts.values()) == 0
