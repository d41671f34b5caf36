"""Stream a CommerceML 2 file into plain records.

lxml's ``iterparse`` reports only the elements we turn into records (matched by local name,
so every schema version and namespace reads the same); each one is cleared once read, so
memory stays flat whatever the file size. Records are yielded in document order.

Products and offers, the rows counted in tens of thousands, come out as ``Unread``: the 1C id and
a hash of the element's XML are read, the rest only if the writer finds the hash changed. A
re-import of an unchanged file therefore never builds its records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from portal.catalog.models import PropertyValueType

from .records import (
    CatalogEnd,
    CatalogStart,
    ClassifierSectionEnd,
    GroupRecord,
    OfferRecord,
    PriceRecord,
    PriceTypeRecord,
    ProductRecord,
    PropertyRecord,
    WarehouseRecord,
)
from .safety import ImportRefused, check_xml_prolog, parse_error, secure_iterparse

ROOT = "КоммерческаяИнформация"
WATCHED = [
    "{*}Классификатор",
    "{*}Группа",
    "{*}Категория",
    "{*}Свойство",
    "{*}ЕдиницаИзмерения",
    "{*}ТипЦены",
    "{*}Склады",
    "{*}Каталог",
    "{*}Товары",
    "{*}Товар",
    "{*}Предложение",
]
VALUE_TYPES = {
    "Строка": PropertyValueType.STRING,
    "Число": PropertyValueType.NUMBER,
    "Справочник": PropertyValueType.REFERENCE,
    "Время": PropertyValueType.TIME,
}


LOCAL_NAMES: dict[str, str] = {}  # "{urn:…}Ид" → "Ид"; a handful of names per file


def local(tag: str) -> str:
    try:
        return LOCAL_NAMES[tag]
    except KeyError:
        name = tag.rpartition("}")[2]
        if len(LOCAL_NAMES) < 4096:  # a hostile file may invent any number of names
            LOCAL_NAMES[tag] = name
        return name


def text(element) -> str:
    return (element.text or "").strip()


def child_text(element, name: str) -> str:
    for child in element:
        if local(child.tag) == name:
            return text(child)
    return ""


def is_true(value: str) -> bool:
    return value.strip().lower() in {"true", "1", "да"}


def parent_is(element, name: str) -> bool:
    parent = element.getparent()
    return parent is not None and local(parent.tag) == name


def listed_in(element, listing: str, owners: frozenset[str]) -> bool:
    """The element sits in ``listing`` of one of ``owners`` (e.g. Товары of Каталог), so the
    same names inside order documents (Документ/Товары/Товар) are not taken for catalog rows."""
    parent = element.getparent()
    if parent is None or local(parent.tag) != listing:
        return False
    owner = parent.getparent()
    return owner is not None and local(owner.tag) in owners


CATALOG = frozenset({"Каталог"})
OFFERS = frozenset({"ПакетПредложений", "ИзмененияПакетаПредложений"})
CLASSIFIER = frozenset({"Классификатор"})
GROUP_OWNERS = frozenset({"Классификатор", "Группа"})
DEFINITION_OWNERS = frozenset({"Классификатор", "ПакетПредложений"})


class Unread:
    """A product or offer element whose 1C id and content hash are known; ``record()`` reads
    the rest. The element stays alive (out of the tree) until the writer lets go of it."""

    __slots__ = ("digest", "element", "external_id", "line", "reader")

    def __init__(self, element, external_id: str, digest: str, reader: Callable):
        self.element = element
        self.external_id = external_id
        self.digest = digest
        self.line = element.sourceline or 0
        self.reader = reader

    def record(self):
        return self.reader(self.element)

    def picture_paths(self) -> list[str]:
        """The «Картинка» paths alone: pictures are re-checked even for an unchanged product."""
        return [path for child in self.element.iterchildren(PICTURE) if (path := text(child))]


class UnreadProduct(Unread):
    __slots__ = ()


class UnreadOffer(Unread):
    __slots__ = ()

    def row_counts(self) -> tuple[int, int]:
        """How many prices and stock rows the offer carries (price types and warehouses
        named), for the report of an offer skipped as unchanged."""
        types = {value.strip() for value in PRICE_TYPES(self.element)}
        stores = {value.strip() for value in STORES(self.element)}
        return len(types - {""}), len(stores - {""})


def by_local_name(*steps: str) -> str:
    return "/".join(f"*[local-name()='{step}']" for step in steps)


PRICE_TYPES = etree.XPath(
    by_local_name("Цены", "Цена", "ИдТипаЦены") + "/text()", smart_strings=False
)
STORES = etree.XPath(
    by_local_name("Склад")
    + "/@ИдСклада | "
    + by_local_name("Остатки", "Остаток", "Склад", "Ид")
    + "/text()",
    smart_strings=False,
)


PICTURE = "{*}Картинка"


def digest_of(element, salt: str = "") -> str:
    """Hash of the element's XML as parsed (entities and encoding resolved). Serialised
    straight to UTF-8 bytes: the same hash as of the text, without decoding and re-encoding."""
    digest = hashlib.blake2b(salt.encode(), digest_size=16)
    digest.update(etree.tostring(element, encoding="utf-8", with_tail=False))
    return digest.hexdigest()


def read(path: Path, name: str) -> Iterator[object]:
    """Yield the records of one file; raise ImportRefused for anything not plain CommerceML."""
    check_xml_prolog(path, name)
    units: dict[str, str] = {}
    units_salt = ""  # a 3.1 product names its unit by a code the classifier spells out

    def product_reader(element) -> ProductRecord:
        return read_product(element, units)

    catalog_has_products = False
    catalog_only_changes = False
    with path.open("rb") as stream:
        events = secure_iterparse(stream, events=("start", "end"), tag=WATCHED)
        try:
            for event, element in events:
                tag = local(element.tag)
                if event == "start":
                    if tag == "Каталог" and parent_is(element, ROOT):
                        catalog_only_changes = is_true(element.get("СодержитТолькоИзменения", ""))
                        catalog_has_products = False
                        yield CatalogStart(catalog_only_changes, element.sourceline or 0)
                    elif tag == "Товары" and parent_is(element, "Каталог"):
                        catalog_has_products = True
                    continue
                if tag == "Товар" and listed_in(element, "Товары", CATALOG):
                    yield UnreadProduct(
                        element,
                        child_text(element, "Ид"),
                        digest_of(element, units_salt),
                        product_reader,
                    )
                    forget_siblings(element)
                elif tag == "Предложение" and listed_in(element, "Предложения", OFFERS):
                    yield UnreadOffer(
                        element, child_text(element, "Ид"), digest_of(element), read_offer
                    )
                    forget_siblings(element)
                elif tag == "Группа" and listed_in(element, "Группы", GROUP_OWNERS):
                    yield read_group(element)
                elif tag == "Категория" and listed_in(element, "Категории", CLASSIFIER):
                    yield GroupRecord(
                        external_id=child_text(element, "Ид"),
                        name=child_text(element, "Наименование"),
                        parent_external_id=None,
                        is_active=not is_true(child_text(element, "ПометкаУдаления")),
                        line=element.sourceline or 0,
                    )
                elif tag == "Свойство" and listed_in(element, "Свойства", CLASSIFIER):
                    yield read_property(element)
                    forget(element)
                elif tag == "ТипЦены" and listed_in(element, "ТипыЦен", DEFINITION_OWNERS):
                    yield read_price_type(element)
                    forget(element)
                elif tag == "Склады" and parent_is_one_of(element, DEFINITION_OWNERS):
                    for store in element:
                        if local(store.tag) == "Склад":
                            yield WarehouseRecord(
                                external_id=child_text(store, "Ид"),
                                name=child_text(store, "Наименование"),
                                address=child_text(store, "Адрес")[:500],
                                line=store.sourceline or 0,
                            )
                    forget(element)
                elif tag == "ЕдиницаИзмерения" and parent_is(element, "ЕдиницыИзмерения"):
                    code = child_text(element, "Код") or child_text(element, "Ид")
                    units[code] = child_text(element, "НаименованиеКраткое")
                    units_salt = repr(sorted(units.items()))
                elif tag == "Классификатор" and parent_is(element, ROOT):
                    yield ClassifierSectionEnd("Классификатор", element.sourceline or 0)
                    forget(element)
                elif tag == "Каталог" and parent_is(element, ROOT):
                    yield CatalogEnd(
                        catalog_only_changes, catalog_has_products, element.sourceline or 0
                    )
                    forget(element)
        except etree.XMLSyntaxError as error:
            raise parse_error(error, name) from error
        root = events.root
    if root is None or local(root.tag) != ROOT:
        found = local(root.tag) if root is not None else "—"
        raise ImportRefused(
            f"Файл «{name}» не является файлом CommerceML: корневой элемент «{found}», "
            f"ожидался «{ROOT}».",
            file=name,
            line=1,
        )
    if root.getroottree().docinfo.doctype:
        raise ImportRefused(f"Файл «{name}»: объявление DOCTYPE запрещено.", file=name)


def parent_is_one_of(element, names: frozenset[str]) -> bool:
    parent = element.getparent()
    return parent is not None and local(parent.tag) in names


def forget(element) -> None:
    """Free what has been read: the element itself and the siblings already done."""
    element.clear(keep_tail=False)
    forget_siblings(element)


def forget_siblings(element) -> None:
    """Take the siblings already done out of the tree; an ``Unread`` still holding one keeps
    it alive on its own until the writer is done with it."""
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def read_group(element) -> GroupRecord:
    parent_external_id = None
    holder = element.getparent().getparent()
    if holder is not None and local(holder.tag) == "Группа":
        parent_external_id = child_text(holder, "Ид") or None
    return GroupRecord(
        external_id=child_text(element, "Ид"),
        name=child_text(element, "Наименование"),
        parent_external_id=parent_external_id,
        is_active=not is_true(child_text(element, "ПометкаУдаления")),
        line=element.sourceline or 0,
    )


def read_property(element) -> PropertyRecord:
    choices: list[tuple[str, str]] = []
    value_type = ""
    for child in element:
        if local(child.tag) == "ТипЗначений":
            value_type = text(child)
        elif local(child.tag) == "ВариантыЗначений":
            for variant in child:
                if local(variant.tag) == "Справочник":
                    choice_id = child_text(variant, "ИдЗначения")
                    if choice_id:
                        choices.append((choice_id, child_text(variant, "Значение")[:500]))
    if choices and not value_type:
        value_type = "Справочник"
    return PropertyRecord(
        external_id=child_text(element, "Ид"),
        name=child_text(element, "Наименование")[:255],
        value_type=VALUE_TYPES.get(value_type, PropertyValueType.STRING),
        is_active=not is_true(child_text(element, "ПометкаУдаления")),
        choices=choices,
        line=element.sourceline or 0,
    )


def read_price_type(element) -> PriceTypeRecord:
    vat_included = True
    for child in element:
        if local(child.tag) == "Налог":
            vat_included = is_true(child_text(child, "УчтеноВСумме"))
    return PriceTypeRecord(
        external_id=child_text(element, "Ид"),
        name=child_text(element, "Наименование")[:255],
        currency=(child_text(element, "Валюта") or "RUB")[:8],
        vat_included=vat_included,
        line=element.sourceline or 0,
    )


def read_vat(element) -> Decimal | None:
    for rate in element:
        name = value = None  # the first of each child counts, as with child_text
        for part in rate:
            tag = local(part.tag)
            if tag == "Наименование" and name is None:
                name = text(part)
            elif tag == "Ставка" and value is None:
                value = text(part)
        if (name or "").upper() != "НДС":
            continue
        value = (value or "").replace(",", ".").rstrip("%")
        try:
            return Decimal(value)
        except InvalidOperation:
            return None  # «Без НДС»
    return None


def read_product(element, units: dict[str, str]) -> ProductRecord:
    external_id = name = article = barcode = description = unit_code = unit_name = ""
    group = None
    deleted = element.get("Статус", "") == "Удален"
    vat = None
    requisites: dict[str, str | list[str]] = {}
    values: list[tuple[str, str]] = []
    pictures: list[str] = []
    name_of = LOCAL_NAMES.get  # inlined lookups: this loop runs for every product element
    for child in element:
        tag = name_of(child.tag) or local(child.tag)
        if tag == "Ид":
            external_id = (child.text or "").strip()
        elif tag == "Наименование":
            name = (child.text or "").strip()
        elif tag == "Артикул":
            article = (child.text or "").strip()
        elif tag == "Штрихкод":
            barcode = text(child)
        elif tag == "Описание":
            description = text(child)
        elif tag == "Группы":
            group = child_text(child, "Ид") or group
        elif tag == "Категория":
            group = text(child) or group
        elif tag == "БазоваяЕдиница":
            unit_code = (child.get("Код") or "").strip()
            unit_name = text(child) or (child.get("НаименованиеКраткое") or "").strip()
            if not unit_code and unit_name.isdigit():  # 3.1: a bare code
                unit_code, unit_name = unit_name, units.get(unit_name, "")
        elif tag == "Картинка":
            if text(child):
                pictures.append(text(child))
        elif tag == "ЗначенияСвойств":
            for value_element in child:
                property_id = ""
                for part in value_element:
                    part_tag = name_of(part.tag) or local(part.tag)
                    if part_tag == "Ид":
                        property_id = (part.text or "").strip()
                    elif part_tag == "Значение" and (value := (part.text or "").strip()):
                        values.append((property_id, value))
        elif tag == "СтавкиНалогов":
            vat = read_vat(child)
        elif tag == "ЗначенияРеквизитов":
            for requisite in child:
                key = child_text(requisite, "Наименование")
                found = [text(v) for v in requisite if local(v.tag) == "Значение"]
                if key:
                    previous = requisites.get(key)
                    if previous is None:
                        requisites[key] = found[0] if len(found) == 1 else found
                    else:
                        merged = previous if isinstance(previous, list) else [previous]
                        requisites[key] = merged + found
        elif tag == "ПометкаУдаления":
            deleted = deleted or is_true(text(child))
        elif tag == "Статус":
            deleted = deleted or text(child) == "Удален"
    descriptions = picture_descriptions(requisites.get("ОписаниеФайла"))
    full_name = requisites.get("Полное наименование", "")
    return ProductRecord(
        external_id=external_id,
        name=name[:500],
        article=article[:100],
        barcode=barcode[:64],
        full_name=(full_name if isinstance(full_name, str) else "")[:1000],
        description=description,
        group_external_id=group,
        unit_code=unit_code[:16],
        unit_name=unit_name[:32],
        vat_rate=vat,
        requisites=requisites,
        is_active=not deleted,
        property_values=values,
        images=[(path, descriptions.get(path, "")[:255]) for path in pictures],
        line=element.sourceline or 0,
    )


def picture_descriptions(value) -> dict[str, str]:
    """«ОписаниеФайла» = "import_files/…jpg#описание" → {path: описание}."""
    items = value if isinstance(value, list) else [value] if value else []
    result = {}
    for item in items:
        path, _, description = item.partition("#")
        result[path] = description
    return result


def read_offer(element) -> OfferRecord:
    offer = OfferRecord(
        external_id="", has_body=False, name="", article="", characteristics={}, is_active=True
    )
    offer.line = element.sourceline or 0
    name_of = LOCAL_NAMES.get
    for child in element:
        tag = name_of(child.tag) or local(child.tag)
        if tag == "Ид":
            offer.external_id = (child.text or "").strip()
        elif tag == "Наименование":
            offer.name = (child.text or "").strip()[:500]
            offer.has_body = True
        elif tag == "Артикул":
            offer.article = (child.text or "").strip()[:100]
        elif tag == "ХарактеристикиТовара":
            for item in child:
                offer.characteristics[child_text(item, "Наименование")] = child_text(
                    item, "Значение"
                )
        elif tag == "Цены":
            # Inlined (three or more «Цена» per offer), one pass over each: the first of each
            # child counts, as with ``child_text``.
            for price in child:
                type_id = amount = currency = None
                for part in price:
                    name = name_of(part.tag) or local(part.tag)
                    if name == "ИдТипаЦены":
                        if type_id is None:
                            type_id = (part.text or "").strip()
                    elif name == "ЦенаЗаЕдиницу":
                        if amount is None:
                            amount = (part.text or "").strip()
                    elif name == "Валюта" and currency is None:
                        currency = (part.text or "").strip()
                offer.prices.append(
                    PriceRecord(type_id or "", amount or "", (currency or "RUB")[:8])
                )
        elif tag == "Склад":  # <Склад ИдСклада=".." КоличествоНаСкладе=".."/>
            offer.stock.append(
                ((child.get("ИдСклада") or "").strip(), child.get("КоличествоНаСкладе") or "")
            )
        elif tag == "Остатки":  # <Остатки><Остаток><Склад><Ид/><Количество/></Склад>…
            for rest in child:
                for store in rest:
                    if local(store.tag) == "Склад":
                        offer.stock.append(
                            (child_text(store, "Ид"), child_text(store, "Количество"))
                        )
        elif tag == "ПометкаУдаления":
            offer.is_active = not is_true(text(child))
    if element.get("Статус", "") == "Удален":
        offer.is_active = False
    return offer
