"""The rounding rule of 1C: VAT taken out of each line's total, half-up to kopecks."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.billing.money import amount_in_words, line_total, vat_included
from portal.billing.templatetags.billing import register


@pytest.mark.parametrize(
    ("total", "rate", "vat"),
    [
        ("3600", "18", "549.15"),  # the 1C fixture's lines (COMMERCEML.md)
        ("500", "18", "76.27"),
        ("120.00", "20", "20.00"),
        ("0.05", "20", "0.01"),  # 0.00833… → 0.01 (half-up at the kopeck)
        ("0.03", "20", "0.01"),  # 0.005 exactly → up
        ("100", "0", "0.00"),
    ],
)
def test_vat_is_taken_out_of_the_line_total_half_up(total, rate, vat):
    assert vat_included(Decimal(total), Decimal(rate)) == Decimal(vat)


def test_without_vat_there_is_none():
    assert vat_included(Decimal("100"), None) == Decimal("0.00")


def test_line_total_rounds_half_up():
    assert line_total(Decimal("3"), Decimal("0.335")) == Decimal("1.01")  # 1.005 → 1.01


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("123.45", "Сто двадцать три рубля 45 копеек"),
        ("1.01", "Один рубль 01 копейка"),
        ("2.02", "Два рубля 02 копейки"),
        ("11.11", "Одиннадцать рублей 11 копеек"),
        ("21.00", "Двадцать один рубль 00 копеек"),
        ("24000.00", "Двадцать четыре тысячи рублей 00 копеек"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_billing_filters_write_money_and_rates_in_the_readers_language():
    rub, amount, vat_rate = (register.filters[name] for name in ("rub", "amount", "vat_rate"))
    with translation.override("ru"):
        assert rub(Decimal("12345.67")) == "12\u202f345,67 ₽"
        assert rub(Decimal("-5")) == "\u22125,00 ₽"
        assert amount(Decimal("12345.675")) == "12\u202f345,68"
        assert vat_rate(Decimal("12.50")) == "12,5%"
    with translation.override("en"):
        assert rub(Decimal("12345.67")) == "12,345.67 ₽"
        assert amount(Decimal("-12345.67")) == "\u221212,345.67"
        assert vat_rate(Decimal("12.50")) == "12.5%"
    assert rub(None) == amount(None) == "—"
    assert vat_rate(None) == "без НДС"
