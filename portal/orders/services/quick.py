"""Quick order: lines «артикул количество» pasted from anywhere (Excel, a letter, 1C)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from portal.core.errors import DomainError
from portal.pricing.resolver import prices_for

from .. import lines
from ..models import Order
from ..pricing import Item, offer_item, offers_by_article, parse_quantity
from .drafts import new_draft

if TYPE_CHECKING:
    from decimal import Decimal

    from portal.organisations.actor import Actor

SEPARATORS = re.compile(r"[\s;]+")


@dataclass(frozen=True)
class LineError:
    line_number: int
    text: str
    reason: str


@dataclass
class QuickOrderResult:
    """``order`` is None when nothing was created (errors and the valid lines not accepted)."""

    order: Order | None
    errors: list[LineError] = field(default_factory=list)
    valid: list[tuple[int, Item, Decimal]] = field(default_factory=list)


@transaction.atomic
def order_create_quick(
    *, actor: Actor, text: str, accept_valid: bool = False, **details
) -> QuickOrderResult:
    """Check every line; create a draft only when all are good, or when the person accepted
    the valid ones (``accept_valid``). Errors name the line number and the reason."""
    result = quick_lines_check(actor=actor, text=text)
    if (result.errors and not accept_valid) or not result.valid:
        return result
    order = new_draft(actor, action="created_quick", **details)
    for _number, item, amount in result.valid:
        lines.add_line(order, item, amount)
    lines.recompute_totals(order)
    order.save(update_fields=["subtotal", "vat_total", "total"])
    result.order = order
    return result


def quick_lines_check(*, actor: Actor, text: str) -> QuickOrderResult:
    """Read and price every line for the actor's company without writing anything (the
    preview of the quick order and of adding the lines to the cart)."""
    rows = [(n, raw.strip()) for n, raw in enumerate((text or "").splitlines(), 1) if raw.strip()]
    if not rows:
        raise DomainError("Вставьте строки вида «артикул количество».", field="text")
    parsed, errors = [], []
    for number, raw in rows:
        tokens = SEPARATORS.split(raw)
        if len(tokens) < 2:
            errors.append(LineError(number, raw, "нужно «артикул количество» через пробел"))
            continue
        parsed.append((number, raw, " ".join(tokens[:-1]), tokens[-1]))
    found = offers_by_article([article for _n, _r, article, _q in parsed])
    candidates = {o.pk: o for offers in found.values() for o in offers}
    prices = prices_for(organisation=actor.organisation, offers=list(candidates.values()))
    result = QuickOrderResult(order=None, errors=errors)
    for number, raw, article, quantity in parsed:
        offers = found.get(article.upper(), [])
        if not offers:
            errors.append(LineError(number, raw, f"артикул «{article}» не найден в каталоге"))
            continue
        if len(offers) > 1:
            errors.append(
                LineError(number, raw, f"артикулу «{article}» соответствует несколько товаров")
            )
            continue
        try:
            item = offer_item(offers[0], prices[offers[0].pk])
            amount = parse_quantity(quantity)
        except DomainError as error:
            errors.append(LineError(number, raw, _lower_first(error.message)))
            continue
        result.valid.append((number, item, amount))
    errors.sort(key=lambda error: error.line_number)
    return result


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:].rstrip(".")
