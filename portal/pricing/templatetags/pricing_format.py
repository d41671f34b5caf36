from decimal import Decimal

from django import template

from portal.pricing.formatting import format_currency, format_money, format_percent

register = template.Library()
register.filter("money", format_money)
register.filter("currency", format_currency)


@register.filter
def percent(value: Decimal | None) -> str:
    """In the reader's language, like money (``format_percent`` alone stays Russian)."""
    return format_percent(value, language=None)
