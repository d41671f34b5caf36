"""The parsed definition of a configurable product: plain frozen dataclasses, no database.

``selectors.definition_get`` builds one from the models; tests build them by hand. Every pure
function (validate, price, draw) takes a Definition, so they run without a database.

Some parameter codes mean something to the drawing and the formula (``WIDTH``, ``HEIGHT``,
``SASH_COUNT``, …); every other parameter is free data the factory may add.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .conditions import Condition

# Parameter codes with a meaning beyond "an option with a price".
WIDTH = "width"
HEIGHT = "height"
SASH_COUNT = "sash_count"
SASH_TYPE = "sash_type"
OPENING_SIDE = "opening_side"
COLOUR_OUTSIDE = "colour_outside"
HANDLE = "handle"
GLASS_INSERT = "glass_insert"


class Kind:
    WINDOW = "window"
    BALCONY_DOOR = "balcony_door"
    ENTRANCE_DOOR = "entrance_door"
    INTERIOR_DOOR = "interior_door"
    CHOICES = [
        (WINDOW, _("Окно")),
        (BALCONY_DOOR, _("Балконная дверь")),
        (ENTRANCE_DOOR, _("Входная дверь")),
        (INTERIOR_DOOR, _("Межкомнатная дверь")),
    ]


class ParamType:
    DIMENSION = "dimension"  # millimetres, with min/max/step
    NUMBER = "number"  # a count (sashes), with min/max/step
    CHOICE = "choice"
    BOOLEAN = "boolean"
    CHOICES = [
        (DIMENSION, _("Размер, мм")),
        (NUMBER, _("Число")),
        (CHOICE, _("Выбор из списка")),
        (BOOLEAN, _("Да/нет")),
    ]
    NUMERIC = (DIMENSION, NUMBER)


class PriceUnit:
    ITEM = "item"
    SASH = "sash"
    M2 = "m2"
    WIDTH_M = "width_m"
    CHOICES = [
        (ITEM, _("за изделие")),
        (SASH, _("за створку")),
        (M2, _("за м² изделия")),
        (WIDTH_M, _("за погонный метр ширины")),
    ]


@dataclass(frozen=True)
class OptionDef:
    code: str
    label: str
    price: Decimal = Decimal(0)
    price_unit: str = PriceUnit.ITEM
    swatch: str = ""  # "#RRGGBB" for colours


@dataclass(frozen=True)
class ParameterDef:
    code: str
    label: str
    type: str
    default: str = ""
    unit: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    step: Decimal | None = None
    per_sash: bool = False  # one value per sash: codes ``<code>_1`` … ``<code>_<n>``
    condition: Condition | None = None  # shown only when it holds
    options: tuple[OptionDef, ...] = ()
    price: Decimal = Decimal(0)  # a boolean's add-on when switched on
    price_unit: str = PriceUnit.ITEM

    def option(self, code: str) -> OptionDef | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class RuleDef:
    code: str
    message: str
    condition: Condition  # the rule is broken when this holds
    parameter_code: str = ""  # where the message is shown
    per_sash: bool = False  # checked for each sash, with ``sash_width`` of that sash


@dataclass(frozen=True)
class PriceFormula:
    base: Decimal = Decimal(0)
    per_m2: Decimal = Decimal(0)
    per_sash: Decimal = Decimal(0)


@dataclass(frozen=True)
class Definition:
    code: str
    name: str
    kind: str
    vat_rate: Decimal = Decimal(20)
    catalog_group_id: int | None = None
    formula: PriceFormula = field(default_factory=PriceFormula)
    parameters: tuple[ParameterDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()

    def parameter(self, code: str) -> ParameterDef | None:
        return next((p for p in self.parameters if p.code == code), None)

    @property
    def is_door(self) -> bool:
        return self.kind in (Kind.ENTRANCE_DOOR, Kind.INTERIOR_DOOR)
