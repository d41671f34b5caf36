"""Money rules of invoices, matching 1C.

The one rounding rule: amounts are rounded to kopecks half-up (``portal.core.money``), line by
line. Prices include VAT, so a line's VAT is taken out of its total:
``vat = round_half_up(total × rate / (100 + rate))``; the invoice's VAT is the sum of its
lines' VAT (never recomputed from the invoice total), exactly as 1C prints it.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum
from num2words import num2words

from portal.core.money import round_money

ZERO = Decimal("0.00")


def money_sum(rows: QuerySet, field: str = "amount") -> Decimal:
    """The exact sum of a money column. SQLite adds decimals as floats, so the database's sum
    is rounded back to kopecks (the error is far below one kopeck for any real ledger)."""
    return round_money(rows.aggregate(s=Sum(field))["s"] or ZERO)


def vat_included(total: Decimal, rate: Decimal | None) -> Decimal:
    """The VAT inside a VAT-inclusive ``total`` at ``rate`` percent (None: without VAT)."""
    if rate is None or rate == 0:
        return ZERO
    return round_money(total * rate / (100 + rate))


def line_total(quantity: Decimal, price: Decimal) -> Decimal:
    return round_money(quantity * price)


def _plural(number: int, one: str, few: str, many: str) -> str:
    if number % 100 in range(11, 15):
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(number % 10, many)


def amount_in_words(amount: Decimal) -> str:
    """«Сто двадцать три рубля 45 копеек»: roubles in words, kopecks in digits."""
    amount = round_money(amount)
    roubles = int(amount)
    kopecks = int((amount - roubles) * 100)
    words = num2words(roubles, lang="ru")
    rouble_word = _plural(roubles, "рубль", "рубля", "рублей")
    kopeck_word = _plural(kopecks, "копейка", "копейки", "копеек")
    text = f"{words} {rouble_word} {kopecks:02d} {kopeck_word}"
    return text[:1].upper() + text[1:]
