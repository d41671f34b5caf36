from django import template

from portal.pricing.formatting import format_currency, format_money, format_percent

register = template.Library()
register.filter("money", format_money)
register.filter("currency", format_currency)
register.filter("percent", format_percent)
