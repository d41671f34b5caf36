"""Money in billing pages and documents: «12 345,67», «12 345,67 ₽», «20%», «1,5».

Amounts and rates follow the active language; documents and e-mails are rendered in Russian
(``translation.override("ru")`` where they are built)."""

from decimal import Decimal

from django import template

from portal.pricing.formatting import format_money, format_number, format_percent

register = template.Library()
register.filter("amount", format_money)


@register.filter
def rub(amount: Decimal | None) -> str:
    return format_money(amount, currency=True)


register.filter("qty", format_number)


@register.filter
def vat_rate(value: Decimal | None) -> str:
    text = format_percent(value)
    return text if value is None else f"{text}%"


@register.filter
def negate(value: Decimal) -> Decimal:
    return -value
