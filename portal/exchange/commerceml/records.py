"""Plain records read from CommerceML: what the writers need, nothing of the XML left.

Every record remembers the line it started on, so an error can name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class GroupRecord:
    external_id: str
    name: str
    parent_external_id: str | None
    is_active: bool
    line: int


@dataclass(slots=True)
class PropertyRecord:
    external_id: str
    name: str
    value_type: str  # a PropertyValueType value
    is_active: bool
    choices: list[tuple[str, str]]  # (ИдЗначения, Значение)
    line: int


@dataclass(slots=True)
class PriceTypeRecord:
    external_id: str
    name: str
    currency: str
    vat_included: bool
    line: int


@dataclass(slots=True)
class WarehouseRecord:
    external_id: str
    name: str
    address: str
    line: int


@dataclass(slots=True)
class ProductRecord:
    external_id: str
    name: str
    article: str
    barcode: str
    full_name: str
    description: str
    group_external_id: str | None
    unit_code: str
    unit_name: str
    vat_rate: Decimal | None
    requisites: dict[str, str | list[str]]
    is_active: bool
    property_values: list[tuple[str, str]]  # (Ид свойства, значение as written)
    images: list[tuple[str, str]]  # (relative path as written, description)
    line: int


@dataclass(slots=True)
class PriceRecord:
    price_type_external_id: str
    amount: str  # as written; parsed by the writer so a bad value is reported with its line
    currency: str


@dataclass(slots=True)
class OfferRecord:
    external_id: str
    has_body: bool  # False in prices___/rests___ files: only Ид with prices or stock
    name: str
    article: str
    characteristics: dict[str, str]
    is_active: bool
    prices: list[PriceRecord] = field(default_factory=list)
    stock: list[tuple[str, str]] = field(default_factory=list)  # (Ид склада, количество)
    line: int = 0

    @property
    def product_external_id(self) -> str:
        return self.external_id.split("#", 1)[0]


@dataclass(slots=True)
class CatalogStart:
    """`<Каталог>` began; ``only_changes`` is its «СодержитТолькоИзменения»."""

    only_changes: bool
    line: int


@dataclass(slots=True)
class CatalogEnd:
    """`<Каталог>` ended; ``had_products`` tells whether it carried `<Товары>`."""

    only_changes: bool
    had_products: bool
    line: int


@dataclass(slots=True)
class ClassifierSectionEnd:
    """A list of the classifier (groups, properties, …) is complete: the writers may flush."""

    section: str
    line: int
