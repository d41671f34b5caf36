"""The one money formatter: the reader's language on pages, Russian where a caller asks."""

from decimal import Decimal

import pytest
from django.utils import formats, translation

from portal.pricing.formatting import format_money, format_number, format_percent

AMOUNTS = ("0.00", "5.10", "999.99", "1234.50", "-1234567.89", "100000000.00")


def test_russian_groups_thousands_with_a_narrow_no_break_space():
    with translation.override("ru"):
        assert format_money(Decimal("1234567.5")) == "1\u202f234\u202f567,50"
        assert format_money(Decimal("999.99")) == "999,99"


def test_english_writes_numbers_the_english_way():
    with translation.override("en"):
        assert format_money(Decimal("1234567.5")) == "1,234,567.50"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_language_writes_it_as_django_does_but_russian_thousands(language):
    """Django's own number_format, save the Russian group separator (U+00A0 in Django)."""
    with translation.override(language):
        for text in AMOUNTS:
            expected = formats.number_format(Decimal(text), decimal_pos=2, force_grouping=True)
            expected = expected.replace("\u00a0", "\u202f").replace("-", "\u2212")
            assert format_money(Decimal(text)) == expected


def test_an_explicit_language_wins_over_the_active_one():
    with translation.override("en"):
        assert format_money(Decimal("1234.5"), language="ru") == "1\u202f234,50"
    with translation.override("ru"):
        assert format_money(Decimal("1234.5"), language="en") == "1,234.50"


def test_negative_amounts_get_a_real_minus_sign():
    with translation.override("ru"):
        assert format_money(Decimal("-1234.5"), currency=True) == "\u22121\u202f234,50 ₽"
        assert format_money(Decimal("-0.001")) == "0,00"  # no «−0,00»
    with translation.override("en"):
        assert format_money(Decimal("-1234.5")) == "\u22121,234.50"


def test_rounds_half_up_to_kopecks_like_1c():
    with translation.override("ru"):
        assert format_money(Decimal("0.005")) == "0,01"
        assert format_money(Decimal("2.125")) == "2,13"  # half-even would give 2,12
        assert format_money(Decimal("-0.005")) == "\u22120,01"


def test_currency_sign_and_no_amount():
    with translation.override("ru"):
        assert format_money(Decimal("12345.6"), currency=True) == "12\u202f345,60 ₽"
        assert format_money(None) == "—"
        assert format_money(None, currency=True) == "—"


def test_no_active_language_is_russian():
    with translation.override(None):
        assert format_money(Decimal("1234.5")) == "1\u202f234,50"


def test_percents_and_quantities_follow_the_reader_like_money():
    with translation.override("en"):
        assert format_percent(Decimal("12.50")) == "12.5"
        assert format_percent(Decimal("20.00"), language="ru") == "20"
        assert format_number(Decimal("1.500")) == "1.5"
        assert format_percent(None) == "no VAT"
    with translation.override("ru"):
        assert format_percent(Decimal("12.50")) == "12,5"
        assert format_number(Decimal("100")) == "100"
        assert format_percent(None) == "без НДС"
    assert format_percent(None, language="ru") == "без НДС"
