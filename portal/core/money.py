"""Money is Decimal, parsed from strings, rounded in one place.

1C rounds each line to kopecks half-up (ROUND_HALF_UP); so do we.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

KOPECK = Decimal("0.01")


# Spaces a person, 1C or the portal itself (``pricing.formatting``) puts between digits.
SPACES = str.maketrans("", "", " \u00a0\u2007\u2009\u202f")


def to_decimal(value: object) -> Decimal:
    """Parse a number written by a person, by 1C or by the portal's own pages: any space
    between digits, a decimal comma («1 234,56»), the English «1,234.56» (with both marks, the
    last one is the decimal one) and the «−» sign, so an amount copied from a page reads back."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("float is never money; pass a string or Decimal")
    text = str(value).strip().translate(SPACES).replace("\u2212", "-")
    if "," in text and "." in text:
        grouping = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(grouping, "")
    text = text.replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"не число: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"не число: {value!r}")
    return result


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(KOPECK, rounding=ROUND_HALF_UP)
