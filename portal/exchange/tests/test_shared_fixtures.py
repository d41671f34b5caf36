"""Every real CommerceML file collected in ../shared/fixtures/commerceml imports, with the
counts written in its SOURCES.md, and a second import changes nothing."""

from pathlib import Path

import pytest

from portal.catalog.models import (
    Offer,
    Price,
    Product,
    ProductGroup,
    Property,
    PropertyChoice,
    StockLevel,
    Warehouse,
)
from portal.exchange.importer.run import import_catalog

SHARED = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "commerceml"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent on this machine"),
]


def created(report, kind: str) -> int:
    return report.counts[kind]["created"]


def test_every_shared_file_is_imported_once_and_then_unchanged():
    folders = sorted(p for p in SHARED.iterdir() if p.is_dir()) if SHARED.is_dir() else []
    xml_files = sorted(SHARED.rglob("*.xml"))
    assert len(xml_files) == 15
    for folder in folders:
        first = import_catalog([folder])
        assert first.errors == [], folder.name
        second = import_catalog([folder])
        assert second.errors == [], folder.name
        for kind, numbers in second.counts.items():
            assert numbers["created"] == numbers["updated"] == 0, (folder.name, kind)
            assert numbers["withdrawn"] == 0, (folder.name, kind)


def test_django_cml_import_has_282_products_and_36_groups():
    report = import_catalog([SHARED / "ArtemiusUA__django-cml" / "import.xml"])
    assert created(report, "products") == 282 == Product.objects.count()
    assert created(report, "groups") == 36 == ProductGroup.objects.count()
    assert Property.objects.count() == 3
    nested = ProductGroup.objects.exclude(parent=None).first()
    assert nested.path == f"{nested.parent.path}{nested.pk}/"


def test_bogutski_categories_become_groups():
    report = import_catalog([SHARED / "bogutski__1C-CommerceML-to-JSON" / "import.xml"])
    assert created(report, "products") == 540
    assert created(report, "groups") == 26
    assert Product.objects.filter(group__isnull=False).count() == 540
    assert Product.objects.filter(images__isnull=False).distinct().count() > 0


def test_gillbeits_package_classifier_prices_and_rests():
    folder = SHARED / "gillbeits__commerceml"
    report = import_catalog(sorted(folder.glob("*.xml")))
    assert created(report, "groups") == 97
    assert created(report, "properties") == 1908
    assert created(report, "prices") == 978 == Price.objects.count()
    assert created(report, "stock") == 978 == StockLevel.objects.count()
    assert Warehouse.objects.count() == 1


def test_gillbeits_files_in_package_folders_and_any_order():
    folder = SHARED / "gillbeits__commerceml"
    files = sorted(folder.glob("*.xml"), reverse=True)  # rests, prices, then the classifier
    report = import_catalog(files)
    assert created(report, "prices") == 978
    assert Price.objects.filter(price_type__name__startswith="Тип цен ").count() == 0


def test_dobromyslov_import_and_offers_with_attribute_stock():
    folder = SHARED / "dobromyslov__commerceml-parser"
    report = import_catalog([folder / "import0_1.xml", folder / "offers0_1.xml"])
    assert report.counts["products"]["created"] >= 36
    assert Product.objects.filter(content_hash__gt="").count() == 36
    assert created(report, "offers") == 44 == Offer.objects.count()
    assert created(report, "stock") == 132 == StockLevel.objects.count()
    assert StockLevel.objects.values("warehouse").distinct().count() == 3
    # «Справочник» values arrive as ИдЗначения and resolve to choices; "1,4" is a number.
    assert PropertyChoice.objects.exists()
    product = Product.objects.get(article="PM-421-WP")
    values = product.property_values.all()
    assert any(v.choice_id for v in values)
    assert any(str(v.value_number) == "1.4000" for v in values)
    assert product.unit_code == "796"  # «Код="796 "» comes space-padded
    assert str(product.vat_rate) == "20.00"


def test_bigperson_characteristic_offers_with_three_prices():
    folder = SHARED / "bigperson__exchange1c"
    report = import_catalog([folder / "import.xml", folder / "offers.xml"])
    assert created(report, "products") == 2
    assert created(report, "groups") == 7  # 5 groups and 2 «Категории»
    assert created(report, "offers") == 2
    for offer in Offer.objects.all():
        assert offer.is_characteristic
        assert offer.prices.count() == 3
        assert offer.product.external_id == offer.external_id.split("#")[0]


def test_argentcrusade_3_1_catalog_and_rests():
    folder = SHARED / "ArgentCrusade__commerceml"
    report = import_catalog(sorted(folder.glob("*.xml")))
    product = Product.objects.get(external_id="ac0184b3-7821-11e6-80ca-a72a8c906e0a")
    assert product.unit_code == "796"
    assert product.images.count() == 5
    assert created(report, "stock") == 14
    assert any("не содержит каталога" in note for note in report.notes)  # the orders file


def test_windows_1251_order_documents_are_read_and_skipped():
    report = import_catalog(sorted((SHARED / "carono__yii2-1c-exchange").glob("*.xml")))
    assert report.errors == []
    assert report.changed() == 0
    assert len(report.notes) == 2
