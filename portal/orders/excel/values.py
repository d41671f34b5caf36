"""Cell values as a person meant them: text trimmed, numbers as Decimal.

Spreadsheets give floats for every number (2 → 2.0) and people type numbers as text with
spaces, commas and units («1 300 мм», «2,5», «3 шт»); both end up as Decimal here. A float
never reaches money or quantities: it is rounded to nine places and parsed from its text.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from portal.core.money import to_decimal

UNITS = re.compile(r"\s*(?:шт|штук|штуки|pcs|мм|mm)\.?\s*$", re.IGNORECASE)
FORMULA_START = ("=", "+", "@")


def text_of(value: object) -> str:
    """What the cell shows, as one trimmed line (numbers without a trailing «.0»)."""
    if value is None or value == "":
        return ""
    if type(value) is str:
        return " ".join(value.split())
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return _text_of_float(value)
    if isinstance(value, datetime | date | time | timedelta):
        return str(value)
    return " ".join(str(value).split())


def number_of(value: object) -> Decimal | None:
    """A Decimal, or None when the cell is not a number (empty cells included)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, float):
        return _decimal_of_float(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, str):
        return None
    text = UNITS.sub("", value)
    try:
        return to_decimal(text)
    except (ValueError, InvalidOperation):
        return None


def plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def safe_text(text: str) -> str:
    """Text that a later export to a spreadsheet can never turn into a formula."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


# A file repeats its quantities and sizes: each number is worked out once.
@lru_cache(maxsize=4096)
def _text_of_float(value: float) -> str:
    return plain(_decimal_of_float(value))


@lru_cache(maxsize=4096)
def _decimal_of_float(value: float) -> Decimal:
    return Decimal(repr(round(value, 9))).normalize() + 0
