"""Printable documents: the invoice in the standard Russian form «Счёт на оплату», and the
statement of account. HTML templates rendered by WeasyPrint (DejaVu fonts: Cyrillic and ₽)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from .models import Invoice
from .money import amount_in_words


def vat_by_rate(invoice: Invoice) -> list[tuple[Decimal | None, Decimal]]:
    """«В том числе НДС» per rate, as 1C prints it: the sum of the lines' own VAT."""
    totals: dict[Decimal | None, Decimal] = defaultdict(Decimal)
    for line in invoice.lines.all():
        totals[line.vat_rate] += line.vat_amount
    return sorted(totals.items(), key=lambda item: (item[0] is None, item[0] or 0))


def invoice_context(invoice: Invoice) -> dict:
    lines = list(invoice.lines.order_by("position"))
    return {
        "invoice": invoice,
        "lines": lines,
        "vat_rows": vat_by_rate(invoice),
        "amount_words": amount_in_words(invoice.total),
        "orders": list(invoice.orders.order_by("pk").values_list("number", flat=True)),
    }


def invoice_pdf(invoice: Invoice) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    with translation.override("ru"):  # a Russian document, whoever asks for it
        html = render_to_string("billing/invoice_pdf.html", invoice_context(invoice))
    return HTML(string=html).write_pdf()


def invoice_filename(invoice: Invoice) -> str:
    return f"schet-{invoice.number}-{invoice.date:%Y%m%d}.pdf".replace("/", "-")
