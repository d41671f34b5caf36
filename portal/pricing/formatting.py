"""Money and percents written the Russian way: «123 457,89», «12,5»."""

from decimal import Decimal

THIN_NBSP = "\u202f"


def format_money(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    return f"{amount:,.2f}".replace(",", THIN_NBSP).replace(".", ",")


def format_percent(value: Decimal | None) -> str:
    if value is None:
        return "без НДС"
    return format(value.normalize(), "f").replace(".", ",")


CURRENCY_SIGNS = {"RUB": "₽", "RUR": "₽", "руб": "₽", "руб.": "₽"}


def format_currency(code: str) -> str:
    return CURRENCY_SIGNS.get(code, code)
