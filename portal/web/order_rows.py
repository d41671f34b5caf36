"""The order list's table body, built in Python.

Fifty rows of ten cells through the template engine (a loop, an ``if`` chain and an include per
cell) cost several times the page's query (bench/orders_list.py); the same HTML from plain
strings per row costs a fraction of it. The header, the filters and everything
else of the page stay in the template.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.orders.listing import Column, OrderRow
from portal.orders.payments import PaymentState
from portal.orders.workflow import OrderStatus
from portal.pricing.formatting import format_money
from portal.web.fixed_urls import url_pattern, with_id


def rows_html(rows: Sequence[OrderRow], columns: Sequence[Column], *, copy_for) -> SafeString:
    """``<tr>`` of every row: the chosen cells, then «Открыть» (and «Копировать» for orders the
    actor's company placed, when it may order).

    Every value goes through ``html.escape`` (what ``django.utils.html.escape`` does, without
    a SafeString per call): ``format_html`` per cell cost more than the page's query."""
    detail = escape(url_pattern("orders:detail"))
    copy = escape(url_pattern("cart:copy"))
    open_label = escape(gettext("Открыть"))
    copy_label = escape(gettext("Копировать"))
    cells = [_cell(column, escape(gettext("осталось"))) for column in columns]
    html = []
    for row in rows:
        order_url = with_id(detail, row.id)
        actions = (
            f'<a class="button button--small button--link" href="{order_url}">{open_label}</a>'
        )
        if copy_for == row.buyer_id:
            copy_url = with_id(copy, row.id)
            actions += (
                f'\n<a class="button button--small button--link" href="{copy_url}">{copy_label}</a>'
            )
        row_cells = "".join(cell(row, order_url) for cell in cells)
        html.append(
            f'<tr>{row_cells}<td class="nowrap"><div class="row-actions">{actions}</div></td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 — every value above is escaped


def _labels(choices) -> dict[str, str]:
    """Escaped labels by value, in the reader's language: looked up once per list, not per row."""
    return {value: escape(str(label)) for value, label in choices}


def _cell(column: Column, left: str) -> Callable[[OrderRow, str], str]:
    """How one column's cell is written, given the row and its (escaped) URL."""
    key = column.key
    if key == "number":
        return lambda row, url: f'<td class="nowrap"><a href="{url}">{escape(row.title)}</a></td>'
    if key == "status":
        statuses = _labels(OrderStatus.choices)
        return lambda row, url: (
            f'<td><span class="status status--{escape(row.status)}">'
            f"{statuses[row.status]}</span></td>"
        )
    if key == "payment":
        states = _labels(PaymentState.choices)

        def payment(row: OrderRow, url: str) -> str:
            rest = ""
            if row.payment_state == PaymentState.PARTIALLY_PAID:
                money = escape(format_money(row.remaining))
                rest = f'<br><span class="muted nowrap">{left} {money}</span>'
            return (
                f'<td><span class="pay pay--{escape(row.payment_state)}">'
                f"{states[row.payment_state]}</span>{rest}</td>"
            )

        return payment
    text = column.text
    if column.numeric:
        return lambda row, url: f'<td class="num nowrap">{escape(text(row) or "—")}</td>'
    return lambda row, url: f"<td>{escape(text(row) or '—')}</td>"
