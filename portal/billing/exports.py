"""The statement of account (акт сверки) as files: xlsx (openpyxl) and PDF (WeasyPrint)."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Font

from .balances import Statement
from .organisation_names import supplier_name

MONEY_FORMAT = "#,##0.00"
HEADER = ["Дата", "Документ", "Дебет (долг +), ₽", "Кредит (оплата −), ₽", "Сальдо, ₽"]


def statement_filename(statement: Statement, extension: str) -> str:
    return (
        f"akt-sverki-{statement.legal_entity.inn}-{statement.date_from:%Y%m%d}-"
        f"{statement.date_to:%Y%m%d}.{extension}"
    )


def statement_xlsx(statement: Statement) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Акт сверки"
    bold = Font(bold=True)
    for letter, width in zip("ABCDE", (12, 60, 18, 18, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([f"Акт сверки взаимных расчётов: {statement.legal_entity.name}"])
    sheet["A1"].font = bold
    sheet.append([f"ИНН {statement.legal_entity.inn}; поставщик: {supplier_name()}"])
    sheet.append([f"Период: {statement.date_from:%d.%m.%Y} — {statement.date_to:%d.%m.%Y}"])
    sheet.append([])
    sheet.append(HEADER)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.append(["", "Сальдо на начало периода", None, None, statement.opening])
    for row in statement.rows:
        sheet.append(
            [
                row.entry.date,
                row.entry.description,
                row.debit or None,
                row.credit or None,
                row.balance,
            ]
        )
        sheet.cell(sheet.max_row, 1).number_format = "DD.MM.YYYY"
    sheet.append(["", "Обороты за период", statement.debit_total, statement.credit_total, None])
    sheet.append(["", "Сальдо на конец периода", None, None, statement.closing])
    for row in sheet.iter_rows(min_row=6, min_col=3, max_col=5):
        for cell in row:
            cell.number_format = MONEY_FORMAT
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statement_pdf(statement: Statement) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    with translation.override("ru"):  # a Russian document, whoever asks for it
        html = render_to_string(
            "billing/statement_pdf.html", {"statement": statement, "supplier": supplier_name()}
        )
    return HTML(string=html).write_pdf()
