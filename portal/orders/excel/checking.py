"""Checking and pricing the rows against the catalog and the configurator, for one buyer.

The queries do not grow with the file: one for the offers of all articles, the pricing
book's one per table for all their prices, and per distinct product model its definition.
Every row that cannot be taken becomes a refusal with Excel's row number and a Russian reason.

A file repeats itself: each article is looked up, checked and priced once however many rows
name it, and each distinct configuration (model, sizes, options, colour) is validated, priced
and drawn once. What the catalog, the prices and the configurator said about them are the
file's ``Verdicts``: every row's outcome follows from its verdict and its own cells, so asking
the same questions again (``verdicts_today``) tells whether a checked file still holds.

Prices come from the one resolver, for the buyer, the way the orders services price a line
(``orders.pricing``): a sub-dealer gets its dealer's price, and one price step only.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from portal.catalog.configurator.configuration import resolve
from portal.catalog.configurator.definition import Definition
from portal.catalog.configurator.drawing import drawing_of
from portal.catalog.configurator.models import ProductModel
from portal.catalog.configurator.pricing import price_of
from portal.catalog.configurator.selectors import definition_of, product_model_get
from portal.catalog.configurator.validation import violations_of
from portal.core.errors import DomainError
from portal.organisations.models import Organisation
from portal.pricing.resolver import PriceBook

from ..pricing import (
    Item,
    OfferFacts,
    facts_item,
    line_amounts,
    offer_facts_by_article,
    parse_quantity,
    steps_json,
)
from .configurations import choices_of
from .headers import normalise
from .rows import RowInput, RowRefusal
from .values import number_of, safe_text

PIECES = {"", "шт", "шт.", "штука", "штук", "pcs", "pc"}
ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class Line:
    """A row that can be ordered, priced for the buyer."""

    row: int
    item: Item
    quantity: Decimal
    line_total: Decimal
    vat_amount: Decimal
    note: str


class Asked(NamedTuple):
    """What a made-to-measure row asks for, apart from how many."""

    code: str  # the product model's
    width: Decimal | None
    width_text: str
    height: Decimal | None
    height_text: str
    options: str
    colour: str


@dataclass(frozen=True, slots=True)
class Configured:
    """The verdict on one configuration the file asks for."""

    name: str  # the product model's
    refusal: str = ""  # why rows asking for it can't be taken, before their quantity is read
    item: Item | None = None  # None without a refusal: no price for the buyer


@dataclass(frozen=True)
class Verdicts:
    """What the catalog, the prices and the configurator said about a file's articles and
    configurations; equal verdicts give every row the same outcome."""

    articles: frozenset[str]  # upper-cased, as looked up
    offers: dict[str, list[OfferFacts]]  # the offers each article names
    items: dict[int, tuple[Item, bool] | str]  # per offer: (item, whole pieces) or why not
    models: dict[str, str] | None  # product models by name and code (None: none asked for)
    configured: dict[Asked, Configured]


@dataclass(frozen=True)
class Checked:
    lines: list[Line]
    refusals: list[RowRefusal]
    verdicts: Verdicts


def check_rows(buyer: Organisation, inputs: list[RowInput]) -> Checked:
    catalog = _Catalog(buyer, {row.article.upper() for row in inputs if row.article})
    lines: list[Line] = []
    refusals: list[RowRefusal] = []
    for row in inputs:
        try:
            lines.append(catalog.line(row))
        except DomainError as error:
            refusals.append(RowRefusal(row.row, safe_text(row.label), _reason(error.message)))
    return Checked(lines, refusals, catalog.verdicts())


def verdicts_today(buyer: Organisation, before: Verdicts) -> Verdicts:
    """The questions of ``before`` asked again of today's catalog, prices and configurator."""
    catalog = _Catalog(buyer, before.articles)
    # With the same product models on sale, each configuration is judged again; with others
    # the verdicts differ already.
    if before.models is not None and catalog.models.codes() == before.models:
        for asked in before.configured:
            catalog.models.configured(asked)
    return catalog.verdicts()


class _Catalog:
    """The file's articles, looked up and priced at once, and its product models."""

    def __init__(self, buyer: Organisation, articles: Collection[str]):
        book = PriceBook(organisation=buyer)
        self.articles = frozenset(articles)
        self.offers = offer_facts_by_article(list(self.articles))
        self.items = _catalog_items(book, self.offers)
        self.models = _Models(book)

    def line(self, row: RowInput) -> Line:
        found = self.offers.get(row.article.upper()) if row.article else None
        if found is not None:
            return _catalog_line(row, found, self.items)
        if not self.models.knows(row.model or row.article):
            raise DomainError(_unknown(row))
        return self.models.line(row)

    def verdicts(self) -> Verdicts:
        return Verdicts(
            self.articles, self.offers, self.items, self.models.known, self.models.judged
        )


def _unknown(row: RowInput) -> str:
    if row.article:
        return f"артикул «{row.article}» не найден в каталоге"
    return f"модель изделия «{row.model}» не найдена или больше не заказывается"


def _catalog_items(
    book: PriceBook, offers: dict[str, list[OfferFacts]]
) -> dict[int, tuple[Item, bool] | str]:
    """Each offer's item and whether it is sold in whole pieces, or the reason it can't be
    sold (withdrawn, no price)."""
    single = [found[0] for found in offers.values() if len(found) == 1]
    prices = book.prices([offer.pk for offer in single])
    items: dict[int, tuple[Item, bool] | str] = {}
    for offer in single:
        try:
            item = facts_item(offer, prices[offer.pk])
        except DomainError as error:
            items[offer.pk] = _reason(error.message)
            continue
        items[offer.pk] = (item, item.unit.strip().lower() in PIECES)
    return items


def _catalog_line(
    row: RowInput, found: list[OfferFacts], items: dict[int, tuple[Item, bool] | str]
) -> Line:
    if len(found) > 1:
        raise DomainError(f"артикулу «{row.article}» соответствует несколько товаров")
    item = items[found[0].pk]
    if isinstance(item, str):
        raise DomainError(item)
    item, whole = item
    return _line(row, item, parse_quantity(_quantity(row), whole=whole, name=item.name))


def _line(row: RowInput, item: Item, quantity: Decimal) -> Line:
    total, vat = line_amounts(
        unit_price=item.unit_price, quantity=quantity, discount_percent=ZERO, vat_rate=item.vat_rate
    )
    return Line(row.row, item, quantity, total, vat, row.note)


def _quantity(row: RowInput) -> object:
    value = row.quantity
    if value is None or value == "":
        raise DomainError("не указано количество")
    number = number_of(value)
    return number if number is not None else value


class _Models:
    """Product models the file names (by code or by name), loaded once each."""

    def __init__(self, book: PriceBook):
        self.book = book
        self.known: dict[str, str] | None = None
        self.loaded: dict[str, Definition] = {}
        self.judged: dict[Asked, Configured] = {}

    def knows(self, name: str) -> bool:
        return bool(name) and normalise(name) in self.codes()

    def codes(self) -> dict[str, str]:
        if self.known is None:
            self.known = {}
            for code, name in ProductModel.objects.active().values_list("code", "name"):
                self.known.setdefault(normalise(code), code)
                self.known.setdefault(normalise(name), code)
        return self.known

    def line(self, row: RowInput) -> Line:
        code = self.codes()[normalise(row.model or row.article)]
        asked = Asked(
            code, row.width, row.width_text, row.height, row.height_text, row.options, row.colour
        )
        configured = self.configured(asked)
        if configured.refusal:
            raise DomainError(configured.refusal)
        quantity = parse_quantity(_quantity(row), whole=True, name=configured.name)
        if configured.item is None:
            raise DomainError(f"на изделие «{configured.name}» нет цены для вашей организации")
        return _line(row, configured.item, quantity)

    def configured(self, asked: Asked) -> Configured:
        if asked not in self.judged:
            if asked.code not in self.loaded:
                self.loaded[asked.code] = definition_of(product_model_get(asked.code))
            definition = self.loaded[asked.code]
            try:
                item = self._item(definition, asked)
            except DomainError as error:
                self.judged[asked] = Configured(definition.name, refusal=error.message)
            else:
                self.judged[asked] = Configured(definition.name, item=item)
        return self.judged[asked]

    def _item(self, definition: Definition, asked: Asked) -> Item | None:
        """The configuration priced for the buyer, with its drawing; None when the buyer has
        no price for it. Raises DomainError when it can't be made as asked."""
        for value, text in ((asked.width, asked.width_text), (asked.height, asked.height_text)):
            if value is None and text:
                raise DomainError(f"размер «{text}» — не число миллиметров")
        choices = choices_of(
            definition,
            width=asked.width,
            height=asked.height,
            options=asked.options,
            colour=asked.colour,
        )
        configuration = resolve(definition, choices)
        violations = violations_of(configuration)
        if violations:
            labels = {field.code: field.label for field in configuration.fields}
            raise DomainError("; ".join(_violation(labels, v) for v in violations))
        price = self.book.configuration_price(
            group_id=definition.catalog_group_id,
            list_price=price_of(configuration).total,
            vat_rate=definition.vat_rate,
        )
        if not price.available or price.amount is None:
            return None
        return Item(
            name=definition.name,
            article=definition.code,
            unit="шт",
            unit_price=price.amount,
            vat_rate=price.vat_rate,
            steps=steps_json(price),
            configuration={
                "snapshot_id": None,
                "model_code": definition.code,
                "model_name": definition.name,
                "kind": definition.kind,
                "choices": configuration.choices(),
                "summary": [[field.label, field.display] for field in configuration.fields],
                "svg": drawing_of(configuration),
            },
        )


def _violation(labels: dict[str, str], violation) -> str:
    """«Ширина: допустимо от 400 до 3000 мм»; a message naming its field stays as it is."""
    label = labels.get(violation.parameter_code, "")
    message = _reason(violation.message)
    if not label or message.lower().startswith(label.lower()):
        return message
    return f"{label}: {message}"


def _reason(message: str) -> str:
    """A service's sentence as a reason after «строка N:»."""
    return message[:1].lower() + message[1:].rstrip(".")
