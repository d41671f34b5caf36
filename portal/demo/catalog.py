"""The demo catalog, written as 1C would send it and loaded through the real importer.

A few hundred windows, doors, glass units, fittings, sills, nets and accessories with Russian
names, in a group tree, with properties, three price types, three warehouses and small
pictures drawn with Pillow, packed as import.xml + offers.xml + import_files/ in a zip.
Every id and value is derived from the item's position, so a second run changes nothing.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

from portal.exchange.models import ImportRun
from portal.exchange.services import catalog_import

NS = "urn:1C.ru:commerceml_210"
PRICE_TYPES = [
    ("demo-pt-retail", "Розничная", 100),
    ("demo-pt-dealer", "Дилерская", 78),
    ("demo-pt-wholesale", "Оптовая", 70),
]
WAREHOUSES = [
    ("demo-wh-msk", "Склад Москва"),
    ("demo-wh-spb", "Склад Санкт-Петербург"),
    ("demo-wh-tver", "Склад Тверь"),
]
COLOURS = [
    ("demo-c-white", "Белый", (245, 245, 240)),
    ("demo-c-oak", "Золотой дуб", (176, 120, 60)),
    ("demo-c-anthracite", "Антрацит", (60, 64, 70)),
    ("demo-c-walnut", "Орех", (110, 75, 45)),
]
PROPERTIES = [
    ("demo-p-colour", "Цвет", "Справочник"),
    ("demo-p-material", "Материал", "Строка"),
    ("demo-p-width", "Ширина, мм", "Число"),
    ("demo-p-height", "Высота, мм", "Число"),
    ("demo-p-profile", "Профильная система", "Строка"),
]
# group id, name, parent, (name template, article prefix, base price, material, profile, sizes)
GROUPS = [
    ("demo-g-windows", "Окна ПВХ", None, None),
    ("demo-g-windows-1", "Одностворчатые окна", "demo-g-windows",
     ("Окно ПВХ одностворчатое {w}×{h}", "ОК1", 9_800, "ПВХ", True, [(600, 900), (700, 1200), (800, 1400), (900, 1400)])),
    ("demo-g-windows-2", "Двухстворчатые окна", "demo-g-windows",
     ("Окно ПВХ двухстворчатое {w}×{h}", "ОК2", 15_900, "ПВХ", True, [(1200, 1400), (1300, 1400), (1400, 1500), (1500, 1500)])),
    ("demo-g-windows-3", "Трёхстворчатые окна", "demo-g-windows",
     ("Окно ПВХ трёхстворчатое {w}×{h}", "ОК3", 23_500, "ПВХ", True, [(1800, 1400), (2000, 1500), (2100, 1500)])),
    ("demo-g-doors-entrance", "Двери входные", None,
     ("Дверь входная стальная «{m}» {w}×{h}", "ДВ", 28_000, "Сталь", False, [(860, 2050), (960, 2050)])),
    ("demo-g-doors-interior", "Двери межкомнатные", None,
     ("Дверь межкомнатная «{m}» {w}×{h}", "ДМ", 7_400, "МДФ", False, [(600, 2000), (700, 2000), (800, 2000)])),
    ("demo-g-glass", "Стеклопакеты", None,
     ("Стеклопакет {m} {w}×{h}", "СП", 2_300, "Стекло", False, [(500, 800), (700, 1200), (900, 1400)])),
    ("demo-g-fittings", "Фурнитура", None,
     ("Фурнитура «{m}» для створки {w} мм", "ФР", 1_450, "Сталь", False, [(400, 0), (600, 0), (800, 0)])),
    ("demo-g-sills", "Подоконники и отливы", None,
     ("Подоконник ПВХ «{m}» {w}×{h}", "ПД", 890, "ПВХ", False, [(1000, 250), (1500, 300), (2000, 400)])),
    ("demo-g-accessories", "Аксессуары", None, None),
    ("demo-g-nets", "Москитные сетки", "demo-g-accessories",
     ("Москитная сетка рамочная «{m}» {w}×{h}", "МС", 1_200, "Алюминий", False, [(500, 1000), (600, 1200), (700, 1400)])),
    ("demo-g-handles", "Ручки и детские замки", "demo-g-accessories",
     ("Ручка оконная «{m}»", "РЧ", 480, "Алюминий", False, [(0, 0)])),
]  # fmt: skip
MODELS = {
    "ОК1": ["KBE 70", "Rehau Blitz", "Veka Softline"],
    "ОК2": ["KBE 70", "Rehau Blitz", "Veka Softline"],
    "ОК3": ["KBE 70", "Rehau Grazio"],
    "ДВ": ["Термо", "Гарант", "Лайт"],
    "ДМ": ["Классика", "Модерн", "Сканди"],
    "СП": ["4-16-4", "4-10-4-10-4", "4i-12-4-12-4 энергосберегающий"],
    "ФР": ["Roto NT", "Maco MM", "Siegenia Titan"],
    "ПД": ["Стандарт", "Данке", "Кристаллит"],
    "МС": ["Стандарт", "Антикошка"],
    "РЧ": ["Hoppe Tokyo", "Roto Line", "с ключом"],
}


def items():
    """(id, group id, name, article, price, material, profile, colour, w, h) of every item."""
    for group_id, _, _, spec in GROUPS:
        if spec is None:
            continue
        template, prefix, price, material, is_window, sizes = spec
        for m_index, model in enumerate(MODELS[prefix]):
            for s_index, (w, h) in enumerate(sizes):
                for c_index, colour in enumerate(COLOURS):
                    number = f"{prefix}-{m_index + 1}{s_index + 1}{c_index + 1}"
                    name = template.format(w=w, h=h, m=model)
                    if len(COLOURS) > 1:
                        name = f"{name}, {colour[1].lower()}"
                    amount = price + 700 * m_index + (w * max(h, 1)) // 2_000 + 350 * c_index
                    yield (
                        f"demo-{number}", group_id, name, number, amount, material,
                        model if is_window else "", colour, w, h,
                    )  # fmt: skip


def picture(colour: tuple[int, int, int], group_id: str) -> bytes:
    """A small drawing: a frame in the item's colour with a sash cross for windows."""
    image = Image.new("RGB", (96, 96), (236, 242, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((14, 8, 82, 88), fill=colour, outline=(40, 40, 40), width=2)
    draw.rectangle((22, 16, 74, 80), fill=(190, 215, 235), outline=(40, 40, 40))
    if "windows" in group_id or "glass" in group_id:
        draw.line((48, 16, 48, 80), fill=(40, 40, 40), width=2)
    else:
        draw.ellipse((64, 46, 70, 52), fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def tag(name: str, value) -> str:
    return f"<{name}>{escape(str(value))}</{name}>"


def import_xml(catalog: list) -> str:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="{NS}" ВерсияСхемы="2.08" ДатаФормирования="2025-01-15T09:00:00">']  # fmt: skip
    parts.append("<Классификатор><Ид>demo-classifier</Ид><Наименование>Каталог «Северный профиль»</Наименование><Группы>")  # fmt: skip
    for group_id, name, parent, _ in GROUPS:
        if parent is None:
            children = "".join(
                f"<Группа>{tag('Ид', g)}{tag('Наименование', n)}</Группа>"
                for g, n, p, _ in GROUPS
                if p == group_id
            )
            nested = f"<Группы>{children}</Группы>" if children else ""
            parts.append(f"<Группа>{tag('Ид', group_id)}{tag('Наименование', name)}{nested}</Группа>")  # fmt: skip
    parts.append("</Группы><Свойства>")
    for prop_id, name, kind in PROPERTIES:
        choices = ""
        if kind == "Справочник":
            choices = "<ВариантыЗначений>" + "".join(
                f"<Справочник>{tag('ИдЗначения', c)}{tag('Значение', n)}</Справочник>"
                for c, n, _ in COLOURS
            ) + "</ВариантыЗначений>"  # fmt: skip
        parts.append(f"<Свойство>{tag('Ид', prop_id)}{tag('Наименование', name)}{tag('ТипЗначений', kind)}{choices}</Свойство>")  # fmt: skip
    parts.append('</Свойства></Классификатор><Каталог СодержитТолькоИзменения="false"><Ид>demo-catalog</Ид><Наименование>Каталог «Северный профиль»</Наименование><Товары>')  # fmt: skip
    for ext, group_id, name, article, _, material, profile, colour, w, h in catalog:
        values = [("demo-p-colour", colour[0]), ("demo-p-material", material)]
        values += [("demo-p-width", w)] if w else []
        values += [("demo-p-height", h)] if h else []
        values += [("demo-p-profile", profile)] if profile else []
        value_xml = "".join(
            f"<ЗначенияСвойства>{tag('Ид', p)}{tag('Значение', v)}</ЗначенияСвойства>"
            for p, v in values
        )
        parts.append(
            f"<Товар>{tag('Ид', ext)}{tag('Артикул', article)}{tag('Наименование', name)}"
            '<БазоваяЕдиница Код="796" НаименованиеПолное="Штука">шт</БазоваяЕдиница>'
            f"<Группы>{tag('Ид', group_id)}</Группы>"
            f"{tag('Картинка', f'import_files/demo/{ext}.png')}"
            f"<ЗначенияСвойств>{value_xml}</ЗначенияСвойств>"
            "<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка></СтавкаНалога></СтавкиНалогов>"
            f"<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Полное наименование</Наименование>{tag('Значение', name)}</ЗначениеРеквизита></ЗначенияРеквизитов>"
            "</Товар>"
        )  # fmt: skip
    parts.append("</Товары></Каталог></КоммерческаяИнформация>")
    return "\n".join(parts)


def offers_xml(catalog: list) -> str:
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация xmlns="{NS}" ВерсияСхемы="2.08" ДатаФормирования="2025-01-15T09:00:00">']  # fmt: skip
    parts.append('<ПакетПредложений СодержитТолькоИзменения="false"><Ид>demo-catalog#</Ид><Наименование>Пакет предложений</Наименование><ИдКаталога>demo-catalog</ИдКаталога><ТипыЦен>')  # fmt: skip
    for pt_id, name, _ in PRICE_TYPES:
        parts.append(f"<ТипЦены>{tag('Ид', pt_id)}{tag('Наименование', name)}<Валюта>RUB</Валюта><Налог><Наименование>НДС</Наименование><УчтеноВСумме>true</УчтеноВСумме></Налог></ТипЦены>")  # fmt: skip
    parts.append("</ТипыЦен><Склады>")
    for wh_id, name in WAREHOUSES:
        parts.append(f"<Склад>{tag('Ид', wh_id)}{tag('Наименование', name)}</Склад>")
    parts.append("</Склады><Предложения>")
    for index, (ext, _, name, article, price, *_rest) in enumerate(catalog):
        prices = "".join(
            f"<Цена>{tag('ИдТипаЦены', pt_id)}{tag('ЦенаЗаЕдиницу', f'{price * share // 100}.00')}<Валюта>RUB</Валюта></Цена>"
            for pt_id, _, share in PRICE_TYPES
        )  # fmt: skip
        stock = "".join(
            f'<Склад ИдСклада="{wh_id}" КоличествоНаСкладе="{(index * 7 + k * 5) % 23}"/>'
            for k, (wh_id, _) in enumerate(WAREHOUSES)
        )
        parts.append(
            f"<Предложение>{tag('Ид', ext)}{tag('Артикул', article)}{tag('Наименование', name)}"
            f"<Цены>{prices}</Цены>{stock}</Предложение>"
        )
    parts.append("</Предложения></ПакетПредложений></КоммерческаяИнформация>")
    return "\n".join(parts)


def write_package(folder: Path) -> Path:
    """The demo catalog as a zip of import.xml, offers.xml and import_files/."""
    catalog = list(items())
    archive = folder / "demo-catalog.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("import.xml", import_xml(catalog))
        bundle.writestr("offers.xml", offers_xml(catalog))
        for ext, group_id, *_rest, colour, _w, _h in catalog:
            bundle.writestr(f"import_files/demo/{ext}.png", picture(colour[2], group_id))
    return archive


def build() -> ImportRun:
    """Write the demo package into a temporary folder and import it."""
    with tempfile.TemporaryDirectory(prefix="demo_catalog_") as folder:
        return catalog_import(paths=[write_package(Path(folder))], source=ImportRun.Source.DEMO)
