"""The order list's table body, built in Python.

Fifty rows of ten cells through the template engine (a loop, an ``if`` chain and an include per
cell) cost several times the page's query (bench/orders_list.py); the same HTML from a few
``format_html`` calls per row costs a fraction of it. The header, the filters and everything
else of the page stay in the template.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.orders.listing import Column, OrderRow
from portal.orders.payments import PaymentState
from portal.pricing.formatting import format_money

ID = "2147483647"  # stands for the order id in the reversed URL patterns


def rows_html(rows: Sequence[OrderRow], columns: Sequence[Column], *, copy_for) -> SafeString:
    """``<tr>`` of every row: the chosen cells, then «Открыть» (and «Копировать» for orders the
    actor's company placed, when it may order)."""
    detail = reverse("orders:detail", args=[int(ID)])
    copy = reverse("cart:copy", args=[int(ID)])
    labels = {
        "open": gettext("Открыть"),
        "copy": gettext("Копировать"),
        "left": gettext("осталось"),
    }
    html = []
    for row in rows:
        order_url = detail.replace(ID, str(row.id))
        cells = "".join(_cell(column, row, order_url, labels) for column in columns)
        actions = format_html(
            '<a class="button button--small button--link" href="{}">{}</a>',
            order_url,
            labels["open"],
        )
        if copy_for == row.buyer_id:
            actions += format_html(
                '\n<a class="button button--small button--link" href="{}">{}</a>',
                copy.replace(ID, str(row.id)),
                labels["copy"],
            )
        html.append(
            f'<tr>{cells}<td class="nowrap"><div class="row-actions">{actions}</div></td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 — every piece above is escaped


def _cell(column: Column, row: OrderRow, order_url: str, labels: dict[str, str]) -> str:
    key = column.key
    if key == "number":
        return format_html('<td class="nowrap"><a href="{}">{}</a></td>', order_url, row.title)
    if key == "status":
        return format_html(
            '<td><span class="status status--{}">{}</span></td>', row.status, row.status_label
        )
    if key == "payment":
        left = ""
        if row.payment_state == PaymentState.PARTIALLY_PAID:
            left = format_html(
                '<br><span class="muted nowrap">{} {}</span>',
                labels["left"],
                format_money(row.remaining),
            )
        return format_html(
            '<td><span class="pay pay--{}">{}</span>{}</td>',
            row.payment_state,
            row.payment_label,
            left,
        )
    text = column.text(row) or "—"
    if column.numeric:
        return format_html('<td class="num nowrap">{}</td>', text)
    return format_html("<td>{}</td>", text)
