"""From what a person picked to a checked configuration: defaults, parsing, dependencies.

``resolve(definition, choices)`` is pure. Choices are strings keyed by field code (what a form
sends); per-sash parameters become one field per sash (``sash_type_1``, ``sash_type_2``, …).
A field whose dependency does not hold is hidden: it is not validated, priced or drawn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from portal.core.money import to_decimal

from .conditions import Scalar, evaluate
from .definition import HEIGHT, SASH_COUNT, WIDTH, Definition, ParameterDef, ParamType

TRUE_WORDS = {"1", "true", "on", "yes", "да"}
FALSE_WORDS = {"0", "false", "off", "no", "нет"}
MM_PER_M = Decimal(1000)


@dataclass(frozen=True)
class Violation:
    parameter_code: str  # the field the message belongs to; "" for the product as a whole
    message: str


@dataclass(frozen=True)
class Field:
    """One visible input of the form."""

    code: str
    parameter: ParameterDef
    label: str
    sash: int | None
    raw: str
    value: Scalar

    @property
    def form_value(self) -> str:
        """What the form shows: a number as typed (to correct it), a choice as resolved."""
        if self.parameter.type in ParamType.NUMERIC:
            return self.raw
        return _as_text(self.value)

    @property
    def display(self) -> str:
        """The value as a person reads it: «1300 мм», «Поворотно-откидная», «да»."""
        parameter = self.parameter
        if parameter.type == ParamType.BOOLEAN:
            return "да" if self.value else "нет"
        if parameter.type == ParamType.CHOICE:
            option = parameter.option(str(self.value))
            return option.label if option else str(self.value)
        unit = f" {parameter.unit}" if parameter.unit else ""
        return f"{plain_number(self.value)}{unit}"


@dataclass(frozen=True)
class Configuration:
    definition: Definition
    fields: tuple[Field, ...]
    input_errors: tuple[Violation, ...]
    sash_count: int

    def field(self, code: str) -> Field | None:
        return next((f for f in self.fields if f.code == code), None)

    def value(self, code: str) -> Scalar | None:
        found = self.field(code)
        return found.value if found else None

    def number(self, code: str) -> Decimal:
        """A numeric value; a choice whose codes are millimetres («600») counts as one."""
        value = self.value(code)
        if isinstance(value, Decimal):
            return value
        if isinstance(value, str) and value.isdigit():
            return Decimal(value)
        return Decimal(0)

    @property
    def width(self) -> Decimal:
        return self.number(WIDTH)

    @property
    def height(self) -> Decimal:
        return self.number(HEIGHT)

    @property
    def area_m2(self) -> Decimal:
        return self.width * self.height / (MM_PER_M * MM_PER_M)

    @property
    def sash_width(self) -> Decimal:
        """Sashes share the width equally."""
        return self.width / self.sash_count

    def choices(self) -> dict[str, str]:
        """The visible choices as strings, to store and to send back to the form."""
        return {f.code: _as_text(f.value) for f in self.fields}

    def lookup(self, sash: int | None = None):
        """A lookup for ``conditions.evaluate``; in a sash's context a per-sash code reads
        that sash's value and ``sash_width`` is that sash's width."""
        values = {f.code: f.value for f in self.fields}
        per_sash = {p.code for p in self.definition.parameters if p.per_sash}

        def lookup(kind: str, name: str) -> Scalar | None:
            if kind == "calc":
                return self.calc(name)
            if sash is not None and name in per_sash:
                return values.get(f"{name}_{sash}")
            return values.get(name)

        return lookup

    def calc(self, name: str) -> Decimal:
        return {
            "width": lambda: self.width,
            "height": lambda: self.height,
            "area_m2": lambda: self.area_m2,
            "sash_count": lambda: Decimal(self.sash_count),
            "sash_width": lambda: self.sash_width,
        }[name]()


def resolve(definition: Definition, choices: Mapping[str, str]) -> Configuration:
    sash_count = _sash_count(definition, choices)
    fields: list[Field] = []
    errors: list[Violation] = []
    for parameter in definition.parameters:
        sashes: list[int | None] = list(range(1, sash_count + 1)) if parameter.per_sash else [None]
        for sash in sashes:
            if parameter.condition is not None:
                partial = Configuration(definition, tuple(fields), (), sash_count)
                if not evaluate(parameter.condition, partial.lookup(sash)):
                    continue
            code = parameter.code if sash is None else f"{parameter.code}_{sash}"
            raw = str(choices.get(code, parameter.default)).strip()
            value, error = _parse(parameter, raw)
            if error:
                errors.append(Violation(code, error))
            label = parameter.label
            if sash is not None and sash_count > 1:
                label = f"{label} — створка {sash}"
            fields.append(Field(code, parameter, label, sash, raw, value))
    return Configuration(definition, tuple(fields), tuple(errors), sash_count)


def _sash_count(definition: Definition, choices: Mapping[str, str]) -> int:
    """How many sashes to lay out; an impossible entry falls back into the allowed range."""
    parameter = definition.parameter(SASH_COUNT)
    if parameter is None:
        return 1
    value, error = _parse(parameter, str(choices.get(SASH_COUNT, parameter.default)).strip())
    low = int(parameter.min_value or 1)
    high = int(parameter.max_value or low)
    if error or not isinstance(value, Decimal):
        value = Decimal(parameter.default or low)
    return max(low, min(high, int(value)))


def _parse(parameter: ParameterDef, raw: str) -> tuple[Scalar, str]:
    """The typed value and an error message ("" when the entry is fine)."""
    if parameter.type in ParamType.NUMERIC:
        return _parse_number(parameter, raw)
    if parameter.type == ParamType.BOOLEAN:
        word = raw.lower()
        if word in TRUE_WORDS:
            return True, ""
        if word in FALSE_WORDS or word == "":
            return False, ""
        return False, "Выберите «да» или «нет»."
    if parameter.option(raw) is not None:
        return raw, ""
    fallback = parameter.default if parameter.option(parameter.default) else ""
    if not fallback and parameter.options:
        fallback = parameter.options[0].code
    return fallback, "Выберите значение из списка."


def _parse_number(parameter: ParameterDef, raw: str) -> tuple[Scalar, str]:
    unit = f" {parameter.unit}" if parameter.unit else ""
    try:
        value = to_decimal(raw)
    except ValueError:
        default = to_decimal(parameter.default or parameter.min_value or 0)
        return default, "Введите число."
    low, high, step = parameter.min_value, parameter.max_value, parameter.step
    if low is not None and high is not None and not low <= value <= high:
        return value, f"Допустимо от {plain_number(low)} до {plain_number(high)}{unit}."
    if low is not None and value < low:
        return value, f"Не менее {plain_number(low)}{unit}."
    if high is not None and value > high:
        return value, f"Не более {plain_number(high)}{unit}."
    if step and (value - (low or 0)) % step:
        return value, f"Значение должно быть кратно {plain_number(step)}{unit}."
    return value, ""


def plain_number(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _as_text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return plain_number(value)
    return value
