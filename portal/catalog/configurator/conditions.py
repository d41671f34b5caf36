"""A tiny condition language stored as JSON: rules and dependencies are data, never code.

A condition is a tree. Branches combine: ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": {...}}``.
A leaf compares one value with one operator:

    {"param": "sash_type", "in": ["turn", "tilt_turn"]}
    {"calc": "sash_width", "gt": 900}
    {"param": "mosquito_net", "eq": true}

``param`` reads a parameter's value (a hidden or missing parameter reads as "no value": every
comparison with it is false); ``calc`` reads a computed figure (see ``CALCS``). Operators:
``eq ne in not_in gt gte lt lte``. ``parse_condition`` checks a tree once and raises
``ConditionError`` with a Russian message; ``evaluate`` is a pure function over a lookup.
Nothing here calls ``eval``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# Figures the configurator computes from the choices; conditions may compare them.
CALCS = {
    "width": "ширина изделия, мм",
    "height": "высота изделия, мм",
    "area_m2": "площадь изделия, м²",
    "sash_count": "число створок",
    "sash_width": "ширина створки, мм",
}
ORDER_OPS = ("gt", "gte", "lt", "lte")
EQUALITY_OPS = ("eq", "ne")
SET_OPS = ("in", "not_in")
OPERATORS = EQUALITY_OPS + SET_OPS + ORDER_OPS

Scalar = str | bool | Decimal
Lookup = Callable[[str, str], Scalar | None]  # (kind "param"/"calc", name) -> value or None


class ConditionError(ValueError):
    """A stored condition is malformed; ``message`` is Russian and names the fault."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Leaf:
    kind: str  # "param" or "calc"
    name: str
    op: str
    value: Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class Branch:
    op: str  # "all", "any" or "not"
    children: tuple[Condition, ...]


Condition = Leaf | Branch


def parse_condition(data: Any, *, params: Collection[str]) -> Condition:
    """Check a JSON tree and turn it into a Condition; ``params`` are the known parameter codes."""
    if not isinstance(data, Mapping) or not data:
        raise ConditionError('Условие должно быть объектом JSON, например {"param": …}.')
    for branch in ("all", "any"):
        if branch in data:
            _only_keys(data, {branch})
            items = data[branch]
            if not isinstance(items, list) or not items:
                raise ConditionError(f"«{branch}» должен содержать непустой список условий.")
            return Branch(branch, tuple(parse_condition(item, params=params) for item in items))
    if "not" in data:
        _only_keys(data, {"not"})
        return Branch("not", (parse_condition(data["not"], params=params),))
    return _parse_leaf(data, params)


def _parse_leaf(data: Mapping, params: Collection[str]) -> Leaf:
    kinds = [key for key in ("param", "calc") if key in data]
    if len(kinds) != 1:
        raise ConditionError("В условии нужен ровно один ключ «param» или «calc».")
    kind = kinds[0]
    name = data[kind]
    if kind == "param" and name not in params:
        raise ConditionError(f"Условие ссылается на неизвестный параметр «{name}».")
    if kind == "calc" and name not in CALCS:
        known = ", ".join(CALCS)
        raise ConditionError(f"Неизвестная расчётная величина «{name}»; допустимы: {known}.")
    ops = [key for key in data if key != kind]
    if len(ops) != 1 or ops[0] not in OPERATORS:
        raise ConditionError(
            f"В условии для «{name}» нужен ровно один оператор из: {', '.join(OPERATORS)}."
        )
    op = ops[0]
    raw = data[op]
    if op in SET_OPS:
        if not isinstance(raw, list) or not raw:
            raise ConditionError(f"Оператор «{op}» для «{name}» ждёт непустой список значений.")
        return Leaf(kind, name, op, tuple(_scalar(item, name) for item in raw))
    value = _scalar(raw, name)
    if op in ORDER_OPS and not isinstance(value, Decimal):
        raise ConditionError(f"Оператор «{op}» для «{name}» сравнивает только с числом.")
    return Leaf(kind, name, op, value)


def _only_keys(data: Mapping, allowed: set[str]) -> None:
    extra = set(data) - allowed
    if extra:
        raise ConditionError(f"Лишние ключи в условии: {', '.join(sorted(map(str, extra)))}.")


def _scalar(raw: Any, name: str) -> Scalar:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return Decimal(str(raw))
    if isinstance(raw, str):
        try:
            return Decimal(raw) if _looks_numeric(raw) else raw
        except InvalidOperation:
            return raw
    raise ConditionError(f"Значение для «{name}» должно быть строкой, числом или да/нет.")


def _looks_numeric(text: str) -> bool:
    return bool(text) and text.lstrip("-").replace(".", "", 1).isdigit()


def evaluate(condition: Condition, lookup: Lookup) -> bool:
    """True when the condition holds for the values ``lookup`` gives."""
    if isinstance(condition, Branch):
        results = (evaluate(child, lookup) for child in condition.children)
        if condition.op == "all":
            return all(results)
        if condition.op == "any":
            return any(results)
        return not next(results)
    actual = lookup(condition.kind, condition.name)
    if actual is None:
        return False
    expected = condition.value
    if condition.op in SET_OPS:
        found = any(_equal(actual, item) for item in expected)
        return found if condition.op == "in" else not found
    if condition.op in EQUALITY_OPS:
        same = _equal(actual, expected)
        return same if condition.op == "eq" else not same
    if not isinstance(actual, Decimal) or isinstance(actual, bool):
        return False
    return {
        "gt": actual > expected,
        "gte": actual >= expected,
        "lt": actual < expected,
        "lte": actual <= expected,
    }[condition.op]


def _equal(actual: Scalar, expected: Scalar) -> bool:
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if isinstance(actual, Decimal) and isinstance(expected, Decimal):
        return actual == expected
    return str(actual) == str(expected)
