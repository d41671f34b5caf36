"""Writing the accepted rows into a new draft: all lines in one statement
(``orders.lines.add_lines``), then the draft's totals."""

from __future__ import annotations

from portal.core.errors import DomainError

from .. import lines as order_lines
from ..models import Order
from .checking import Line


def write_lines(order: Order, lines: list[Line]) -> None:
    """Lines 1…n of an empty draft, then its totals (call inside the transaction)."""
    for line in lines:
        whole = order_lines.needs_whole(order, configuration=line.item.configuration)
        if whole and line.quantity != line.quantity.to_integral_value():
            raise DomainError(
                f"Строка {line.row}: в заказе по размерам количество — целое число.",
                field="quantity",
            )
    order_lines.add_lines(order, [(line.item, line.quantity) for line in lines])
    order_lines.recompute_totals(order)
    order.save(update_fields=["subtotal", "vat_total", "total"])
