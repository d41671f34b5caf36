"""Money in billing documents and pages: «12 345,67», «12 345,67 ₽», «20%», «1,5»."""

from decimal import Decimal

from django import template

from ..money import format_rub

register = template.Library()


@register.filter
def rub(amount: Decimal | None) -> str:
    return "—" if amount is None else format_rub(amount)


@register.filter
def amount(value: Decimal | None) -> str:
    return "—" if value is None else format_rub(value).removesuffix(" ₽")


@register.filter
def qty(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


@register.filter
def vat_rate(value: Decimal | None) -> str:
    if value is None:
        return "без НДС"
    return format(value.normalize(), "f").replace(".", ",") + "%"


@register.filter
def negate(value: Decimal) -> Decimal:
    return -value
