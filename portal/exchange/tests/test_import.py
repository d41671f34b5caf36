"""The importer on our own small package: idempotency, delta and full packages, encodings,
both stock shapes, pictures."""

import shutil
import zipfile

import pytest
from django.conf import settings

from portal.catalog.models import (
    EXTERNAL_ID_LENGTH,
    Offer,
    Price,
    PriceType,
    Product,
    ProductGroup,
    ProductImage,
    PropertyChoice,
    StockLevel,
    Warehouse,
)
from portal.exchange.importer import run
from portal.exchange.importer.run import import_catalog

from .conftest import FIXTURES, PACKAGE

pytestmark = pytest.mark.django_db


def package_zip(tmp_path, name="package.zip"):
    archive = tmp_path / name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in PACKAGE.rglob("*"):
            if path.is_file():
                bundle.write(path, path.relative_to(PACKAGE).as_posix())
    return archive


def test_first_import_creates_the_catalog():
    report = import_catalog([PACKAGE])
    assert report.errors == []
    assert report.counts["groups"]["created"] == 3
    assert report.counts["products"]["created"] == 3
    assert report.counts["offers"]["created"] == 2
    assert report.counts["prices"]["created"] == 3
    assert report.counts["stock"]["created"] == 3
    window = Product.objects.get(external_id="prod-window-1")
    assert window.group.name == "Одностворчатые окна"
    assert window.group.path == f"/{window.group.parent_id}/{window.group_id}/"
    assert window.unit_code == "796"
    assert window.full_name.startswith("Окно ПВХ 1000×1400 мм")
    colour = window.property_values.get(property__external_id="prop-colour")
    assert colour.choice.value == "Белый"
    weight = window.property_values.get(property__external_id="prop-weight")
    assert str(weight.value_number) == "24.5000"
    retail = Price.objects.get(offer__external_id="prod-window-1", price_type__name="Розничная")
    assert str(retail.amount) == "15400.50"
    door = Offer.objects.get(external_id="prod-door-1#char-left")
    assert door.product.external_id == "prod-door-1"
    assert door.characteristics == {"Открывание": "Левое"}


def test_second_import_changes_nothing_and_says_so(snapshot):
    import_catalog([PACKAGE])
    before = snapshot()
    report = import_catalog([PACKAGE])
    assert snapshot() == before
    for kind, numbers in report.counts.items():
        assert numbers["created"] == numbers["updated"] == numbers["withdrawn"] == 0, kind
    assert report.counts["products"]["unchanged"] == 3
    assert report.counts["prices"]["unchanged"] == 3
    assert report.counts["stock"]["unchanged"] == 3


def test_a_changed_price_updates_one_row(tmp_path):
    import_catalog([PACKAGE])
    folder = tmp_path / "package"
    shutil.copytree(PACKAGE, folder)
    offers = folder / "offers.xml"
    offers.write_text(offers.read_text().replace("15400.50", "15990"), encoding="utf-8")
    report = import_catalog([folder])
    assert report.counts["prices"] == {"created": 0, "updated": 1, "unchanged": 2, "withdrawn": 0}
    assert report.counts["products"]["updated"] == 0
    assert str(Price.objects.get(amount__gt=15000, amount__lt=16000).amount) == "15990.00"


def test_delta_package_touches_only_what_it_lists():
    import_catalog([PACKAGE])
    report = import_catalog([FIXTURES / "delta.xml"])
    assert report.counts["products"] == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "withdrawn": 1,
    }
    assert Product.objects.get(external_id="prod-door-2").name == "Дверь входная «Лайт плюс»"
    assert not Product.objects.get(external_id="prod-door-1").is_active  # Статус="Удален"
    assert Product.objects.get(external_id="prod-window-1").is_active  # not in the delta


def test_full_package_withdraws_products_it_no_longer_lists():
    import_catalog([PACKAGE])
    report = import_catalog([FIXTURES / "full_without_door.xml"])
    assert report.counts["products"]["withdrawn"] == 1
    door = Product.objects.get(external_id="prod-door-1")
    assert not door.is_active
    assert not door.offers.get().is_active
    assert Product.objects.filter(is_active=True).count() == 2
    again = import_catalog([FIXTURES / "full_without_door.xml"])
    assert again.changed() == 0


def test_windows_1251_file():
    report = import_catalog([FIXTURES / "catalog_cp1251.xml"])
    assert report.errors == []
    sill = Product.objects.get(external_id="prod-sill-1")
    assert sill.name == "Подоконник ПВХ белый 300 мм"
    assert sill.article == "ПД-300"
    assert sill.unit_name == "м"


def test_element_shaped_stock_after_attribute_shaped_stock():
    import_catalog([PACKAGE])
    assert (
        StockLevel.objects.get(
            offer__external_id="prod-window-1", warehouse__name="Склад Москва"
        ).quantity
        == 5
    )
    report = import_catalog([FIXTURES / "rests___elements.xml"])
    assert report.counts["stock"] == {"created": 0, "updated": 1, "unchanged": 1, "withdrawn": 0}
    assert (
        StockLevel.objects.get(
            offer__external_id="prod-window-1", warehouse__name="Склад Москва"
        ).quantity
        == 3
    )


def test_zip_with_pictures_copies_them_once(tmp_path):
    archive = package_zip(tmp_path)
    report = import_catalog([archive])
    assert report.counts["images"]["created"] == 1
    image = ProductImage.objects.get()
    assert image.path == "catalog/import_files/aa/window-1.png"
    stored = settings.MEDIA_ROOT / image.path
    assert stored.read_bytes() == (PACKAGE / "import_files/aa/window-1.png").read_bytes()
    again = import_catalog([archive])
    assert again.counts["images"] == {"created": 0, "updated": 0, "unchanged": 1, "withdrawn": 0}
    assert [p.name for p in stored.parent.iterdir()] == ["window-1.png"]


def test_package_sub_folders_are_read_classifier_first(tmp_path):
    archive = tmp_path / "webdata.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.write(PACKAGE / "offers.xml", "webdata/000000001/goods/1/offers___b.xml")
        bundle.write(PACKAGE / "import.xml", "webdata/000000001/goods/1/import___a.xml")
    report = import_catalog([archive])
    assert report.errors == []
    assert Product.objects.filter(content_hash="").count() == 0  # no stand-ins were needed
    assert PriceType.objects.count() == 2
    assert ProductGroup.objects.count() == 3


def opening_line(text: str, marker: str, tag: str) -> int:
    """The line of the last ``<tag>`` before ``marker``: the line an error names."""
    return text[: text.rindex(f"<{tag}>", 0, text.index(marker))].count("\n") + 1


def test_an_overlong_id_is_reported_with_its_file_and_line_and_skipped(tmp_path):
    """PostgreSQL would refuse the whole import with a database message, SQLite would store
    the id: both skip the row instead and say where it is."""

    def long(kind: str) -> str:
        return f"{kind}-" + "x" * EXTERNAL_ID_LENGTH

    folder = tmp_path / "package"
    shutil.copytree(PACKAGE, folder)
    catalog, offers = folder / "import.xml", folder / "offers.xml"
    catalog_text = (
        catalog.read_text(encoding="utf-8")
        .replace("<Ид>prod-door-2</Ид>", f"<Ид>{long('product')}</Ид>")
        .replace("<ИдЗначения>colour-oak</ИдЗначения>", f"<ИдЗначения>{long('choice')}</ИдЗначения>")
        .replace("<Ид>grp-doors</Ид>\n\t\t\t\t<Наименование>", f"<Ид>{long('group')}</Ид>\n\t\t\t\t<Наименование>")
    )  # fmt: skip
    offers_text = (
        offers.read_text(encoding="utf-8")
        .replace("prod-door-1#char-left", f"prod-door-1#{long('offer')}")
        .replace("<ИдТипаЦены>pt-dealer</ИдТипаЦены>", f"<ИдТипаЦены>{long('type')}</ИдТипаЦены>")
        .replace('ИдСклада="wh-spb"', f'ИдСклада="{long("store")}"')
        .replace("<Ид>wh-spb</Ид>", f"<Ид>{long('warehouse')}</Ид>")
    )
    catalog.write_text(catalog_text, encoding="utf-8")
    offers.write_text(offers_text, encoding="utf-8")

    report = import_catalog([folder])

    where = {
        long("product"): ("import.xml", opening_line(catalog_text, long("product"), "Товар")),
        long("choice"): ("import.xml", opening_line(catalog_text, long("choice"), "Свойство")),
        long("group"): ("import.xml", opening_line(catalog_text, long("group"), "Группа")),
        f"prod-door-1#{long('offer')}": (
            "offers.xml",
            opening_line(offers_text, long("offer"), "Предложение"),
        ),
        long("type"): ("offers.xml", opening_line(offers_text, long("type"), "Предложение")),
        long("store"): ("offers.xml", opening_line(offers_text, long("store"), "Предложение")),
        long("warehouse"): ("offers.xml", opening_line(offers_text, long("warehouse"), "Склад")),
    }
    found = {}
    for error in report.errors:
        assert f"длиннее {EXTERNAL_ID_LENGTH} символов" in error["message"], error
        ident = next(i for i in where if f"«{i[:40]}…»" in error["message"])
        assert f"(в нём {len(ident)})" in error["message"]
        found.setdefault(ident, (error["file"], error["line"]))
    assert found == where
    assert all(line > 1 for _, line in where.values())
    assert sorted(Product.objects.values_list("external_id", flat=True)) == [
        "prod-door-1",
        "prod-window-1",
    ]
    assert list(Offer.objects.values_list("external_id", flat=True)) == ["prod-window-1"]
    assert list(Price.objects.values_list("price_type__external_id", flat=True)) == ["pt-retail"]
    assert list(StockLevel.objects.values_list("warehouse__external_id", flat=True)) == ["wh-msk"]
    assert list(PropertyChoice.objects.values_list("external_id", flat=True)) == ["colour-white"]
    for model in (PriceType, ProductGroup, Warehouse):
        assert not model.objects.filter(external_id__endswith="xxxxxxxx").exists()
    assert report.counts["products"]["created"] == 2
    assert report.counts["prices"]["created"] == 1
    assert import_catalog([folder]).changed() == 0  # reported again, nothing written twice


TWICE = """<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.08">
<Каталог СодержитТолькоИзменения="false"><Ид>cat</Ид><Товары>
<Товар><Ид>p-1</Ид><Наименование>Первое имя</Наименование></Товар>
<Товар><Ид>p-2</Ид><Наименование>Второй</Наименование></Товар>
<Товар><Ид>p-1</Ид><Наименование>Последнее имя</Наименование></Товар>
<Товар><Ид>p-3</Ид><Наименование>Третий</Наименование></Товар>
</Товары></Каталог>
<ПакетПредложений СодержитТолькоИзменения="false"><ТипыЦен><ТипЦены><Ид>pt</Ид>
<Наименование>Розничная</Наименование></ТипЦены></ТипыЦен><Предложения>
<Предложение><Ид>p-1</Ид><Наименование>о1</Наименование><Цены><Цена><ИдТипаЦены>pt</ИдТипаЦены><ЦенаЗаЕдиницу>10</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
<Предложение><Ид>p-2</Ид><Наименование>о2</Наименование><Цены><Цена><ИдТипаЦены>pt</ИдТипаЦены><ЦенаЗаЕдиницу>20</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
<Предложение><Ид>p-1</Ид><Наименование>о1</Наименование><Цены><Цена><ИдТипаЦены>pt</ИдТипаЦены><ЦенаЗаЕдиницу>11</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
<Предложение><Ид>p-4</Ид><Наименование>только предложение</Наименование><Цены><Цена><ИдТипаЦены>pt</ИдТипаЦены><ЦенаЗаЕдиницу>40</ЦенаЗаЕдиницу></Цена></Цены></Предложение>
</Предложения></ПакетПредложений>
</КоммерческаяИнформация>
"""


@pytest.mark.parametrize("batch", [1, 2, run.BATCH])
def test_first_import_the_same_product_and_offer_twice_the_later_wins(tmp_path, monkeypatch, batch):
    """Into an empty catalog rows go straight in under ids taken first; a repeated 1C id (in
    the same batch or a later one) still updates the row written before, and new rows after
    it get ids of their own."""
    monkeypatch.setattr(run, "BATCH", batch)
    path = tmp_path / "twice.xml"
    path.write_text(TWICE, encoding="utf-8")
    report = import_catalog([path])
    assert report.errors == []
    names = dict(Product.objects.values_list("external_id", "name"))
    assert names == {"p-1": "Последнее имя", "p-2": "Второй", "p-3": "Третий", "p-4": "только предложение"}  # fmt: skip
    prices = dict(Price.objects.values_list("offer__external_id", "amount"))
    assert {ext: str(amount) for ext, amount in prices.items()} == {
        "p-1": "11.00",
        "p-2": "20.00",
        "p-4": "40.00",
    }
    assert Offer.objects.get(external_id="p-4").product.external_id == "p-4"  # a stand-in
    import_catalog([path])  # now through the upserts: the same catalog
    assert dict(Product.objects.values_list("external_id", "name")) == names
    assert dict(Price.objects.values_list("offer__external_id", "amount")) == prices
