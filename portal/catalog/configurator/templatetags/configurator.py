import json
from decimal import Decimal

from django import template

from portal.pricing.formatting import format_money

register = template.Library()


@register.filter
def money(amount: Decimal | None) -> str:
    """«12 345,60 ₽» as the reader's language writes it; an empty string when there is none."""
    return "" if amount is None else format_money(Decimal(amount), currency=True)


@register.filter
def as_json(value) -> str:
    """A stored condition as the admin types it: JSON, not Python's repr."""
    return "" if value is None else json.dumps(value, ensure_ascii=False)
