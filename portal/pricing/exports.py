"""The price list as a file: xlsx (openpyxl write-only, streams rows) and PDF (WeasyPrint).

The PDF is for printing a modest list: it holds at most ``PDF_MAX_ROWS`` rows and says so
when the list is longer (the xlsx always holds everything).
"""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .price_list import PriceList, PriceListSection

PDF_MAX_ROWS = 2000
HEADER = ["Артикул", "Наименование", "Ед.", "Цена с НДС, ₽", "НДС, %", "Акция"]
MONEY_FORMAT = "#,##0.00"


def price_list_xlsx(price_list: PriceList) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Прайс-лист")
    for letter, width in zip("ABCDEF", (18, 70, 8, 16, 8, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)

    def strong(value) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = bold
        return cell

    sheet.append([strong(f"Прайс-лист: {price_list.organisation_name}")])
    sheet.append([f"Цены на {price_list.on:%d.%m.%Y}, за единицу, с НДС"])
    sheet.append([])
    sheet.append([strong(title) for title in HEADER])
    for section in price_list.sections:
        sheet.append([strong(section.title)])
        for row in section.rows:
            price = WriteOnlyCell(sheet, value=row.amount if row.amount is not None else "—")
            price.number_format = MONEY_FORMAT
            sheet.append(
                [
                    row.article,
                    row.name,
                    row.unit,
                    price,
                    row.vat_rate if row.vat_rate is not None else "без НДС",
                    "акция" if row.promoted else "",
                ]
            )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _capped(price_list: PriceList) -> tuple[list[PriceListSection], bool]:
    left = PDF_MAX_ROWS
    sections = []
    for section in price_list.sections:
        if left <= 0:
            return sections, True
        sections.append(PriceListSection(section.title, section.rows[:left]))
        left -= len(section.rows)
    return sections, left < 0


def price_list_pdf(price_list: PriceList) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    sections, truncated = _capped(price_list)
    # A Russian document, stored for the company and served to everyone: the requester's
    # language (English amounts) must not reach it.
    with translation.override("ru"):
        html = render_to_string(
            "pricing/price_list_pdf.html",
            {
                "price_list": price_list,
                "sections": sections,
                "truncated": truncated,
                "max_rows": PDF_MAX_ROWS,
            },
        )
    return HTML(string=html).write_pdf()
