"""Amounts read back the way people, 1C and the portal's own pages write them."""

from decimal import Decimal

import pytest

from portal.core.money import to_decimal
from portal.pricing.formatting import format_money


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("\u22121\u202f234,56", "-1234.56"),
        ("-5", "-5"),
        ("0,5", "0.5"),
    ],
)
def test_numbers_as_written(text, number):
    assert to_decimal(text) == Decimal(number)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("amount", ["1234567.89", "-1234.50", "0.05"])
def test_what_the_pages_show_reads_back(language, amount):
    assert to_decimal(format_money(Decimal(amount), language=language)) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3.4.5", "NaN", "Infinity"])
def test_not_numbers(text):
    with pytest.raises(ValueError):
        to_decimal(text)
