from decimal import Decimal

from django import template

from ..pricing import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | None) -> str:
    """«12 345,60 ₽»; an empty string when there is no amount."""
    return "" if amount is None else format_money(Decimal(amount))
