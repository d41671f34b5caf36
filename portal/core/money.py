"""Money is Decimal, parsed from strings, rounded in one place.

1C rounds each line to kopecks half-up (ROUND_HALF_UP); so do we.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

KOPECK = Decimal("0.01")


def to_decimal(value: object) -> Decimal:
    """Parse a number written by a person or by 1C: spaces, NBSP and a decimal comma allowed."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise TypeError("float is never money; pass a string or Decimal")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"не число: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"не число: {value!r}")
    return result


def round_money(amount: Decimal) -> Decimal:
    return amount.quantize(KOPECK, rounding=ROUND_HALF_UP)
