"""Small valid inputs the attacks and mutants start from: CommerceML catalog files and a zip of
them, a 1C orders file, a filled order form built from the portal's own template, and a bank
statement. Written here, not copied from other fixtures; every builder is deterministic."""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (2025, 1, 1, 0, 0, 0)
NS = 'xmlns="urn:1C.ru:commerceml_210" ВерсияСхемы="2.08" ДатаФормирования="2025-05-05T10:00:00"'
DOOR = "hst-door-0001"
WINDOW = "hst-window-0002"

IMPORT_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация {NS}>
  <Классификатор>
    <Ид>hst-cls</Ид><Наименование>Классификатор (проверка)</Наименование>
    <Группы>
      <Группа><Ид>hst-grp-doors</Ид><Наименование>Двери</Наименование></Группа>
      <Группа><Ид>hst-grp-windows</Ид><Наименование>Окна</Наименование></Группа>
    </Группы>
    <Свойства>
      <Свойство><Ид>hst-prop-colour</Ид><Наименование>Цвет</Наименование><ТипЗначений>Строка</ТипЗначений></Свойство>
    </Свойства>
  </Классификатор>
  <Каталог СодержитТолькоИзменения="false">
    <Ид>hst-cat</Ид><ИдКлассификатора>hst-cls</ИдКлассификатора><Наименование>Каталог</Наименование>
    <Товары>
      <Товар>
        <Ид>{DOOR}</Ид><Артикул>HST-DV-1</Артикул><Наименование>Дверь «Проверка»</Наименование>
        <БазоваяЕдиница Код="796" НаименованиеПолное="Штука">шт</БазоваяЕдиница>
        <Группы><Ид>hst-grp-doors</Ид></Группы>
        <ЗначенияСвойств><ЗначенияСвойства><Ид>hst-prop-colour</Ид><Значение>белый</Значение></ЗначенияСвойства></ЗначенияСвойств>
        <СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>
      </Товар>
      <Товар>
        <Ид>{WINDOW}</Ид><Артикул>HST-OK-2</Артикул><Наименование>Окно «Проверка» 1200x1400</Наименование>
        <БазоваяЕдиница Код="796" НаименованиеПолное="Штука">шт</БазоваяЕдиница>
        <Группы><Ид>hst-grp-windows</Ид></Группы>
      </Товар>
    </Товары>
  </Каталог>
</КоммерческаяИнформация>
"""

OFFERS_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация {NS}>
  <ПакетПредложений СодержитТолькоИзменения="false">
    <Ид>hst-cat#</Ид><Наименование>Предложения</Наименование>
    <ИдКаталога>hst-cat</ИдКаталога><ИдКлассификатора>hst-cls</ИдКлассификатора>
    <ТипыЦен>
      <ТипЦены><Ид>hst-price</Ид><Наименование>Оптовая (проверка)</Наименование><Валюта>RUB</Валюта></ТипЦены>
    </ТипыЦен>
    <Склады><Склад><Ид>hst-wh</Ид><Наименование>Склад</Наименование></Склад></Склады>
    <Предложения>
      <Предложение>
        <Ид>{DOOR}</Ид><Наименование>Дверь «Проверка»</Наименование>
        <Цены><Цена><ИдТипаЦены>hst-price</ИдТипаЦены><ЦенаЗаЕдиницу>12500.00</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена></Цены>
        <Количество>7</Количество><Склад ИдСклада="hst-wh" КоличествоНаСкладе="7"/>
      </Предложение>
      <Предложение>
        <Ид>{WINDOW}</Ид><Наименование>Окно «Проверка» 1200x1400</Наименование>
        <Цены><Цена><ИдТипаЦены>hst-price</ИдТипаЦены><ЦенаЗаЕдиницу>8300.50</ЦенаЗаЕдиницу><Валюта>RUB</Валюта></Цена></Цены>
        <Количество>3</Количество><Склад ИдСклада="hst-wh" КоличествоНаСкладе="3"/>
      </Предложение>
    </Предложения>
  </ПакетПредложений>
</КоммерческаяИнформация>
"""

ORDERS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.09" ДатаФормирования="2025-06-29T18:27:13">
  <Документ>
    <Ид>HST-000001</Ид><НомерВерсии>AAAAAQAAAAA=</НомерВерсии><ПометкаУдаления>false</ПометкаУдаления>
    <Номер>HST-000001</Номер><Номер1С>ЗАВ-900001</Номер1С><Дата>2025-06-29</Дата><Дата1С>2025-06-29</Дата1С>
    <ХозОперация>Заказ товара</ХозОперация><Валюта>RUB</Валюта><Курс>1</Курс><Сумма>1000.00</Сумма><Роль>Продавец</Роль>
    <ЗначенияРеквизитов>
      <ЗначениеРеквизита><Наименование>Проведен</Наименование><Значение>true</Значение></ЗначениеРеквизита>
      <ЗначениеРеквизита><Наименование>Номер оплаты по 1С</Наименование><Значение>ЗАВ-П-9001</Значение></ЗначениеРеквизита>
      <ЗначениеРеквизита><Наименование>Дата оплаты по 1С</Наименование><Значение>2025-06-29T15:39:10</Значение></ЗначениеРеквизита>
    </ЗначенияРеквизитов>
  </Документ>
</КоммерческаяИнформация>
"""

BANK_CSV = (
    "Дата;Сумма;ИНН плательщика;Номер;Назначение платежа\n"
    "01.06.2025;1000,00;7700020012;15;Оплата по счёту\n"
)


def zip_bytes(members: dict[str, bytes | str], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with fixed timestamps, members in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = method
            archive.writestr(info, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def catalog_zip() -> bytes:
    return zip_bytes(
        {
            "import.xml": IMPORT_XML,
            "offers.xml": OFFERS_XML,
            "import_files/hs/picture.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
        }
    )


def canonical_xlsx(data: bytes) -> bytes:
    """The same workbook with fixed timestamps, so mutants of it are the same on every run."""
    source = zipfile.ZipFile(io.BytesIO(data))
    members = {}
    for info in source.infolist():
        content = source.read(info.filename)
        if info.filename == "docProps/core.xml":
            content = CORE_XML
        members[info.filename] = content
    return zip_bytes(members)


CORE_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
    b'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>portal</dc:creator>'
    b"</cp:coreProperties>"
)


def filled_order_form(rows: list[tuple[str, int]]) -> bytes:
    """The portal's downloadable order form with ``rows`` of (article, quantity) filled in.

    Needs the database (the template lists the configurator's models)."""
    from openpyxl import load_workbook

    from portal.orders.excel import order_template_xlsx
    from portal.orders.excel.template import COLUMNS

    book = load_workbook(io.BytesIO(order_template_xlsx()))
    sheet = book["Заказ"]
    names = [name for name, _ in COLUMNS]
    header_row = next(
        row[0].row for row in sheet.iter_rows(max_row=20) if any(c.value == "Артикул" for c in row)
    )
    for offset, (article, quantity) in enumerate(rows, start=1):
        sheet.cell(header_row + offset, names.index("Артикул") + 1, article)
        sheet.cell(header_row + offset, names.index("Количество") + 1, quantity)
    buffer = io.BytesIO()
    book.save(buffer)
    return canonical_xlsx(buffer.getvalue())
