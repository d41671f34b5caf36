"""Money and percents for people to read.

Money follows the reader's language on pages: «1 234,56» in Russian (U+202F between
thousands), «1,234.56» in English. Documents that stay Russian whoever builds them (the price
list PDF, configurator lines stored in snapshots, the resolver's step labels) pass
``language="ru"``. Percents and quantities follow the same rule.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.utils import formats, translation
from django.utils.translation import gettext, pgettext

from portal.core.money import round_money, to_decimal

THIN_NBSP = "\u202f"
MINUS = "\u2212"
RUSSIAN = (THIN_NBSP, ",")  # (thousands, decimal); Django's ru formats group with U+00A0


def format_money(
    amount: Decimal | None, *, currency: bool = False, language: str | None = None
) -> str:
    """Rounded to kopecks half-up; «−» (U+2212) before a negative amount; «—» for none.
    ``currency`` adds « ₽»; ``language`` defaults to the active one."""
    if amount is None:
        return "—"
    rounded = round_money(to_decimal(amount))
    thousands, decimal = _separators(language or translation.get_language())
    text = f"{abs(rounded):,.2f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
    sign = MINUS if rounded < 0 else ""
    return f"{sign}{text} ₽" if currency else f"{sign}{text}"


@lru_cache(maxsize=8)
def _separators(language: str | None) -> tuple[str, str]:
    """Read once per language: settings lookups on every call were a quarter of building the
    order list's fifty rows. No active language means the default one, Russian."""
    if language is None or language.split("-")[0] == "ru":
        return RUSSIAN
    return (
        formats.get_format("THOUSAND_SEPARATOR", language),
        formats.get_format("DECIMAL_SEPARATOR", language),
    )


def format_number(value: Decimal, *, language: str | None = None) -> str:
    """As written, without trailing zeros: «12,5», «1,5»; «12.5» in English."""
    decimal = _separators(language or translation.get_language())[1]
    return format(value.normalize(), "f").replace(".", decimal)


def format_percent(value: Decimal | None, *, language: str | None = None) -> str:
    """A rate without the sign: «12,5»; «без НДС» for none (a product not subject to VAT)."""
    if value is None:
        with translation.override(language or translation.get_language()):
            return pgettext("ставка НДС", "без НДС")
    return format_number(value, language=language)


CURRENCY_SIGNS = {"RUB": "₽", "RUR": "₽", "руб": "₽", "руб.": "₽"}


def format_currency(code: str) -> str:
    return CURRENCY_SIGNS.get(code, code)


@dataclass(frozen=True)
class Rub:
    """A parameter of an ``AmountLine`` written as an amount in roubles («5 200,33 ₽»)."""

    amount: Decimal


@dataclass(frozen=True)
class AmountLine:
    """One line of how a price is made: ``text``, a Russian msgid, filled from ``params`` (a
    Decimal written as a number, a ``Rub`` as an amount). ``label`` is Russian whoever asks:
    orders and snapshots store it. ``shown`` is the same line in the reader's language."""

    text: str
    amount: Decimal
    params: tuple[tuple[str, str | int | Decimal | Rub], ...] = ()

    @property
    def label(self) -> str:
        return self._filled(self.text, language="ru")

    @property
    def shown(self) -> str:
        return self._filled(gettext(self.text), language=None)

    def _filled(self, text: str, *, language: str | None) -> str:
        if not self.params:
            return text
        values = {}
        for name, value in self.params:
            if isinstance(value, Rub):
                value = format_money(value.amount, currency=True, language=language)
            elif isinstance(value, Decimal):
                value = format_number(value, language=language)
            values[name] = value
        return text % values
