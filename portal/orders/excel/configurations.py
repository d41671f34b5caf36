"""Made-to-measure rows: which product model a cell names, and the configurator choices that
the row's size, «Опции» and «Цвет» cells spell out.

«Опции» holds «параметр: значение» pairs separated by «;» or new lines, in words as the
configurator shows them or by codes: «Профильная система: Термо 82; Стеклопакет:
двухкамерный; Число створок: 2; Тип открывания: поворотно-откидная, глухая». A per-sash
parameter takes one value for all sashes or one per sash separated by commas. A part without
«:» may name an option alone («Москитная сетка», «Термо 82») when only one parameter has it.
"""

from __future__ import annotations

import re

from portal.catalog.configurator.definition import (
    HEIGHT,
    WIDTH,
    Definition,
    ParameterDef,
    ParamType,
)
from portal.core.errors import DomainError

from .headers import normalise
from .values import number_of, plain

PARTS = re.compile(r"[;\n]+")
PAIR = re.compile(r"\s*([^:=]+?)\s*[:=]\s*(.*)$")
SASH_VALUES = re.compile(r"\s*[,/]\s*")
SASH_NUMBER = re.compile(r"^(.*?) (\d)$")
YES = {"да", "есть", "1", "yes", "true", "+"}
NO = {"нет", "0", "no", "false", "-"}
COLOUR_PREFIX = "colour"


def choices_of(definition: Definition, *, width, height, options: str, colour: str) -> dict:
    """Choices for ``validate``; raises DomainError naming what could not be understood."""
    choices: dict[str, str] = {}
    for code, value in ((WIDTH, width), (HEIGHT, height)):
        if definition.parameter(code) is not None:
            if value is None:
                raise DomainError("для изделия по размерам укажите ширину и высоту в мм")
            choices[code] = plain(value)
    for part in PARTS.split(options):
        if part.strip():
            _apply(definition, part.strip(), choices)
    if colour:
        _apply_colour(definition, colour, choices)
    return choices


def _apply(definition: Definition, part: str, choices: dict[str, str]) -> None:
    pair = PAIR.match(part)
    if pair is None:
        _apply_bare(definition, part, choices)
        return
    name, value = pair.groups()
    parameter, sash = _parameter(definition, name)
    if parameter is None:
        raise DomainError(f"у изделия «{definition.name}» нет параметра «{name}»")
    if parameter.per_sash and sash is None:
        values = SASH_VALUES.split(value.strip())
        if len(values) == 1:
            values = values * max_sashes(definition)
        for number, one in enumerate(values, 1):
            choices[f"{parameter.code}_{number}"] = _value(definition, parameter, one)
        return
    code = parameter.code if sash is None else f"{parameter.code}_{sash}"
    choices[code] = _value(definition, parameter, value)


def _apply_bare(definition: Definition, part: str, choices: dict[str, str]) -> None:
    wanted = normalise(part)
    found = [
        (parameter, option.code)
        for parameter in definition.parameters
        if parameter.type == ParamType.CHOICE and not parameter.per_sash
        for option in parameter.options
        if wanted in (normalise(option.code), normalise(option.label))
    ]
    found += [
        (parameter, "1")
        for parameter in definition.parameters
        if parameter.type == ParamType.BOOLEAN
        and wanted in (normalise(parameter.code), normalise(parameter.label))
    ]
    if len(found) != 1:
        raise DomainError(
            f"не поняли опцию «{part}» изделия «{definition.name}»: "
            "пишите «параметр: значение», например «Стеклопакет: двухкамерный»"
        )
    parameter, value = found[0]
    choices[parameter.code] = value


def _apply_colour(definition: Definition, colour: str, choices: dict[str, str]) -> None:
    colours = [p for p in definition.parameters if p.code.startswith(COLOUR_PREFIX)]
    if not colours:
        raise DomainError(f"цвет у изделия «{definition.name}» не выбирается")
    for parameter in colours:
        if parameter.code not in choices:
            choices[parameter.code] = _value(definition, parameter, colour)


def _parameter(definition: Definition, name: str) -> tuple[ParameterDef | None, int | None]:
    """The parameter a name means; «Тип открывания 2» or «sash_type_2» is sash 2 of it."""
    wanted = normalise(name)
    numbered = SASH_NUMBER.match(wanted)
    for parameter in definition.parameters:
        names = (normalise(parameter.code), normalise(parameter.label))
        if wanted in names:
            return parameter, None
        if parameter.per_sash and numbered and numbered.group(1) in names:
            return parameter, int(numbered.group(2))
    return None, None


def _value(definition: Definition, parameter: ParameterDef, value: str) -> str:
    """The choice's code as the configurator stores it."""
    if parameter.type in ParamType.NUMERIC:
        number = number_of(value)
        if number is None:
            raise DomainError(f"{parameter.label}: «{value}» — не число")
        return plain(number)
    word = normalise(value)
    if parameter.type == ParamType.BOOLEAN:
        if word in YES:
            return "1"
        if word in NO or not word:
            return "0"
        raise DomainError(f"{parameter.label}: напишите «да» или «нет»")
    for option in parameter.options:
        if word in (normalise(option.code), normalise(option.label)):
            return option.code
    known = ", ".join(option.label for option in parameter.options)
    raise DomainError(f"{parameter.label}: варианта «{value}» нет (есть: {known})")


def max_sashes(definition: Definition) -> int:
    parameter = definition.parameter("sash_count")
    return int(parameter.max_value or 1) if parameter is not None else 1
