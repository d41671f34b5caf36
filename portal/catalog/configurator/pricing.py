"""The factory list price of a configuration: base + per m² + per sash + each option (pure).

Every line is rounded to kopecks on its own and the total is the sum of the rounded lines, so
the breakdown a person sees always adds up to the total exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext_noop

from portal.core.money import round_money
from portal.pricing.formatting import AmountLine, Rub

from .configuration import Configuration, Field, resolve
from .definition import Definition, ParamType, PriceUnit

BASE_LINE = gettext_noop("Базовая цена")
AREA_LINE = gettext_noop("Площадь %(area)s м² × %(rate)s")
SASH_LINE = gettext_noop("Створки: %(sashes)s × %(rate)s")


class PriceLine(AmountLine):
    """One of the ``*_LINE`` wordings, or an option's own «name: value» (data, shown as typed)."""


@dataclass(frozen=True)
class PriceBreakdown:
    lines: tuple[PriceLine, ...]
    total: Decimal

    def as_json(self) -> dict:
        """Decimals as strings, to store in a snapshot."""
        return {
            "lines": [{"label": line.label, "amount": str(line.amount)} for line in self.lines],
            "total": str(self.total),
        }

    def scaled_to(self, total: Decimal) -> PriceBreakdown:
        """The same lines in another price (a tier's own), still summing to ``total`` exactly:
        each line keeps its share, the last one takes the rounding remainder."""
        if not self.lines or not self.total:
            return PriceBreakdown(self.lines, total)
        lines = [
            replace(line, amount=round_money(line.amount * total / self.total))
            for line in self.lines
        ]
        remainder = total - sum((line.amount for line in lines), Decimal(0))
        lines[-1] = replace(lines[-1], amount=lines[-1].amount + remainder)
        return PriceBreakdown(tuple(lines), total)


def list_price(definition: Definition, choices: Mapping[str, str]) -> PriceBreakdown:
    return price_of(resolve(definition, choices))


def price_of(configuration: Configuration) -> PriceBreakdown:
    formula = configuration.definition.formula
    area = configuration.area_m2
    sashes = configuration.sash_count
    lines = [PriceLine(BASE_LINE, round_money(formula.base))]
    if formula.per_m2:
        lines.append(
            PriceLine(
                AREA_LINE,
                round_money(area * formula.per_m2),
                (("area", round(area, 3)), ("rate", Rub(formula.per_m2))),
            )
        )
    if formula.per_sash and configuration.definition.parameter("sash_count"):
        lines.append(
            PriceLine(
                SASH_LINE,
                round_money(sashes * formula.per_sash),
                (("sashes", sashes), ("rate", Rub(formula.per_sash))),
            )
        )
    for field in configuration.fields:
        line = _option_line(configuration, field)
        if line is not None and line.amount:
            lines.append(line)
    return PriceBreakdown(tuple(lines), sum((line.amount for line in lines), Decimal(0)))


def _option_line(configuration: Configuration, field: Field) -> PriceLine | None:
    parameter = field.parameter
    if parameter.type == ParamType.CHOICE:
        option = parameter.option(str(field.value))
        if option is None:
            return None
        price, unit = option.price, option.price_unit
    elif parameter.type == ParamType.BOOLEAN and field.value is True:
        price, unit = parameter.price, parameter.price_unit
    else:
        return None
    # A per-sash field already stands for one sash; "per sash" multiplies the others.
    quantity = {
        PriceUnit.ITEM: Decimal(1),
        PriceUnit.SASH: Decimal(1 if field.sash else configuration.sash_count),
        PriceUnit.M2: configuration.area_m2,
        PriceUnit.WIDTH_M: configuration.width / 1000,
    }[unit]
    return PriceLine(f"{field.label}: {field.display}", round_money(price * quantity))
