"""Checking and pricing the rows against the catalog and the configurator, for one buyer.

The queries do not grow with the file: one for the offers of all articles, the pricing
book's few for all their prices, and per distinct product model its definition. Every row
that cannot be taken becomes a refusal with Excel's row number and a Russian reason.

Prices come from the one resolver, for the buyer, the way the orders services price a line
(``orders.pricing``): a sub-dealer gets its dealer's price, and one price step only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal.catalog.configurator.configuration import Configuration, resolve
from portal.catalog.configurator.models import ProductModel
from portal.catalog.configurator.pricing import price_of
from portal.catalog.configurator.selectors import definition_of, product_model_get
from portal.catalog.configurator.validation import violations_of
from portal.catalog.models import Offer
from portal.core.errors import DomainError
from portal.organisations.models import Organisation
from portal.pricing.resolver import PriceBook

from ..pricing import (
    Item,
    line_amounts,
    offer_item,
    offers_by_article,
    parse_quantity,
    steps_json,
)
from .configurations import choices_of
from .headers import normalise
from .rows import RowInput, RowRefusal
from .values import number_of, safe_text

PIECES = {"", "шт", "шт.", "штука", "штук", "pcs", "pc"}
ZERO = Decimal("0")
# The label ``price_for_configuration`` gives the factory list price of a configuration.
LIST_PRICE_LABEL = "Цена завода по прайсу"


@dataclass(frozen=True, slots=True)
class Line:
    """A row that can be ordered, priced for the buyer."""

    row: int
    item: Item
    quantity: Decimal
    line_total: Decimal
    vat_amount: Decimal
    note: str
    configuration: Configuration | None = None


def check_rows(buyer: Organisation, inputs: list[RowInput]) -> tuple[list[Line], list[RowRefusal]]:
    book = PriceBook(organisation=buyer)
    offers = offers_by_article([row.article for row in inputs if row.article])
    models = _Models(book)
    items = _catalog_items(book, offers)
    lines: list[Line] = []
    refusals: list[RowRefusal] = []
    for row in inputs:
        try:
            found = offers.get(row.article.upper()) if row.article else None
            if found is None and not models.knows(row.model or row.article):
                raise DomainError(_unknown(row))
            if found is not None:
                lines.append(_catalog_line(row, found, items))
            else:
                lines.append(models.line(row))
        except DomainError as error:
            refusals.append(RowRefusal(row.row, safe_text(row.label), _reason(error.message)))
    return lines, refusals


def _unknown(row: RowInput) -> str:
    if row.article:
        return f"артикул «{row.article}» не найден в каталоге"
    return f"модель изделия «{row.model}» не найдена или больше не заказывается"


def _catalog_items(book: PriceBook, offers: dict[str, list[Offer]]) -> dict[int, Item | str]:
    """Each offer's item, or the reason it can't be sold (withdrawn, no price)."""
    single = [found[0] for found in offers.values() if len(found) == 1]
    prices = book.prices(single)
    items: dict[int, Item | str] = {}
    for offer in single:
        try:
            items[offer.pk] = offer_item(offer, prices[offer.pk])
        except DomainError as error:
            items[offer.pk] = _reason(error.message)
    return items


def _catalog_line(row: RowInput, found: list[Offer], items: dict[int, Item | str]) -> Line:
    if len(found) > 1:
        raise DomainError(f"артикулу «{row.article}» соответствует несколько товаров")
    item = items[found[0].pk]
    if isinstance(item, str):
        raise DomainError(item)
    whole = item.unit.strip().lower() in PIECES
    return _line(row, item, parse_quantity(_quantity(row), whole=whole, name=item.name))


def _line(row: RowInput, item: Item, quantity: Decimal, configuration=None) -> Line:
    total, vat = line_amounts(
        unit_price=item.unit_price, quantity=quantity, discount_percent=ZERO, vat_rate=item.vat_rate
    )
    return Line(row.row, item, quantity, total, vat, row.note, configuration)


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
        self.codes: dict[str, str] | None = None
        self.loaded: dict[str, tuple] = {}

    def knows(self, name: str) -> bool:
        return bool(name) and normalise(name) in self._codes()

    def _codes(self) -> dict[str, str]:
        if self.codes is None:
            self.codes = {}
            for code, name in ProductModel.objects.active().values_list("code", "name"):
                self.codes.setdefault(normalise(code), code)
                self.codes.setdefault(normalise(name), code)
        return self.codes

    def _definition(self, code: str):
        if code not in self.loaded:
            definition = definition_of(product_model_get(code))
            self.loaded[code] = (definition, self.book.group_path(definition.catalog_group_id))
        return self.loaded[code]

    def line(self, row: RowInput) -> Line:
        code = self._codes()[normalise(row.model or row.article)]
        definition, path = self._definition(code)
        for value, text in ((row.width, row.width_text), (row.height, row.height_text)):
            if value is None and text:
                raise DomainError(f"размер «{text}» — не число миллиметров")
        choices = choices_of(
            definition,
            width=row.width,
            height=row.height,
            options=row.options,
            colour=row.colour,
        )
        configuration = resolve(definition, choices)
        violations = violations_of(configuration)
        if violations:
            labels = {field.code: field.label for field in configuration.fields}
            raise DomainError("; ".join(_violation(labels, v) for v in violations))
        quantity = parse_quantity(_quantity(row), whole=True, name=definition.name)
        price = self.book.resolve(
            factory_price=price_of(configuration).total,
            price_label=LIST_PRICE_LABEL,
            currency="RUB",
            vat_rate=definition.vat_rate,
            path=path,
            offer_id=None,
        )
        if not price.available or price.amount is None:
            raise DomainError(f"на изделие «{definition.name}» нет цены для вашей организации")
        item = Item(
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
            },
        )
        return _line(row, item, quantity, configuration)


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
