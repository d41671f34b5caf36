import json
from decimal import Decimal

from django import template

from ..pricing import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | None) -> str:
    """«12 345,60 ₽»; an empty string when there is no amount."""
    return "" if amount is None else format_money(Decimal(amount))


@register.filter
def as_json(value) -> str:
    """A stored condition as the admin types it: JSON, not Python's repr."""
    return "" if value is None else json.dumps(value, ensure_ascii=False)
