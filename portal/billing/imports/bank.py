"""A bank statement file (xlsx, xls or CSV) as payments: the fallback when 1C is late.

Columns are found by their header row, wherever it is in the first rows: «Дата», «Сумма»,
«ИНН плательщика» and «Назначение платежа» and/or «Номер» (the payment document's number).
Every row is checked first; if any row is wrong, the import is refused with each bad row named
by its number and a Russian reason, and nothing is stored. Each row is keyed by a fingerprint
of its content, so loading the same statement again adds nothing. A payment is applied first
to the payer's invoice whose number its purpose mentions, then oldest due first.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from python_calamine import CalamineWorkbook

from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.core.money import to_decimal
from portal.orders.excel.safety import MAX_FILE_BYTES, check_file
from portal.organisations.models import LegalEntity

from .. import policies
from ..models import Invoice, PaymentSource
from ..services.payments import Receipt, payer_by_inn, receive
from .onec import ImportReport

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

HEADER_SEARCH_ROWS = 30
MAX_ROWS = 10_000
MAX_SHOWN_ERRORS = 50
TOO_BIG = f"Файл выписки больше {MAX_FILE_BYTES // 1024**2} МБ. Разбейте её на несколько файлов."
TOO_MANY_ROWS = "В выписке больше 10 000 строк. Разбейте её на несколько файлов."
# column → words that start its header cell (lower case)
HEADERS = {
    "date": ("дата",),
    "amount": ("сумма",),
    "inn": ("инн плательщика", "инн"),
    "purpose": ("назначение",),
    "number": ("номер", "№"),
}
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y")


class StatementRefused(DomainError):
    """The statement has bad rows; ``errors`` lists them as (row number, reason)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        lines = [f"Строка {row}: {reason}" for row, reason in errors[:MAX_SHOWN_ERRORS]]
        if len(errors) > MAX_SHOWN_ERRORS:
            lines.append(f"…и ещё строк с ошибками: {len(errors) - MAX_SHOWN_ERRORS}.")
        super().__init__(
            "Выписка не загружена, исправьте строки:\n" + "\n".join(lines), field="file"
        )


@dataclass(frozen=True)
class StatementRow:
    row: int
    on: date
    amount: Decimal
    payer: LegalEntity
    number: str
    purpose: str


def read_table(content: bytes, name: str) -> list[list[object]]:
    """The first sheet of a workbook, or the rows of a CSV (UTF-8 or windows-1251, ; or ,)."""
    if not content:
        raise DomainError(f"Файл «{name}» пустой.", field="file")
    if len(content) > MAX_FILE_BYTES:
        raise DomainError(TOO_BIG, field="file")
    if name.lower().endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        # The order form's checks first: a zip bomb or a cell at XFD1048576 must not reach
        # the reader, which would build the whole rectangle in memory.
        check_file(name, content)
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
            table = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as error:  # calamine raises its own types for broken files
            raise DomainError(
                f"Файл «{name}» не читается как таблица Excel: {error}", field="file"
            ) from None
    elif name.lower().endswith((".csv", ".txt")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1251", errors="replace")
        # Russian banks separate by «;» (the comma is the decimal mark); else tab, else comma.
        delimiter = next((d for d in (";", "\t") if d in text), ",")
        try:
            table = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
        except csv.Error as error:
            raise DomainError(
                f"Файл «{name}» не читается как таблица CSV: {error}", field="file"
            ) from None
    else:
        raise DomainError("Выписка должна быть файлом xlsx, xls или CSV.", field="file")
    if len(table) > MAX_ROWS:
        raise DomainError(TOO_MANY_ROWS, field="file")
    return table


def find_header(table: list[list[object]]) -> tuple[int, dict[str, int]]:
    """The header row's index and the column of each field."""
    for index, row in enumerate(table[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            title = str(cell or "").strip().lower()
            for key, starts in HEADERS.items():
                if key not in columns and title.startswith(starts):
                    columns[key] = position
                    break
        if {"date", "amount", "inn"} <= columns.keys() and columns.keys() & {"purpose", "number"}:
            return index, columns
    raise DomainError(
        "В выписке не нашлась строка заголовка: нужны столбцы «Дата», «Сумма», «ИНН "
        "плательщика» и «Назначение платежа» или «Номер».",
        field="file",
    )


def _cell(row: list[object], column: int | None) -> object:
    if column is None or column >= len(row):
        return ""
    value = row[column]
    return "" if value is None else value


def _parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"дата «{text}» не распознана (ожидается ДД.ММ.ГГГГ)")


def _parse_amount(value: object) -> Decimal:
    # A spreadsheet cell arrives as a float; its shortest repr is the number the person typed.
    text = repr(value) if isinstance(value, float) else str(value)
    try:
        amount = to_decimal(text)
    except ValueError:
        raise ValueError(f"сумма «{value}» — не число") from None
    if amount <= 0:
        raise ValueError(f"сумма {text} должна быть больше нуля")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"в сумме «{text}» больше двух знаков после запятой")
    return amount.quantize(Decimal("0.01"))


def _parse_inn(value: object) -> LegalEntity:
    text = str(value).strip()
    if text.endswith(".0"):  # a number cell
        text = text[:-2]
    if not re.fullmatch(r"\d{10}|\d{12}", text):
        raise ValueError(f"ИНН плательщика «{text}» — нужно 10 или 12 цифр")
    payer = payer_by_inn(text)
    if payer is None:
        raise ValueError(f"плательщик с ИНН {text} не найден среди юрлиц дилеров")
    return payer


def parse_statement(content: bytes, name: str) -> list[StatementRow]:
    """Every payment row of the file, or StatementRefused naming each bad row."""
    table = read_table(content, name)
    header, columns = find_header(table)
    rows, errors = [], []
    for index in range(header + 1, len(table)):
        raw = table[index]
        if all(str(cell or "").strip() == "" for cell in raw):
            continue
        number = index + 1  # as the spreadsheet numbers it
        try:
            rows.append(
                StatementRow(
                    row=number,
                    on=_parse_date(_cell(raw, columns["date"])),
                    amount=_parse_amount(_cell(raw, columns["amount"])),
                    payer=_parse_inn(_cell(raw, columns["inn"])),
                    number=str(_cell(raw, columns.get("number"))).strip(),
                    purpose=str(_cell(raw, columns.get("purpose"))).strip(),
                )
            )
        except ValueError as error:
            errors.append((number, str(error)))
    if errors:
        raise StatementRefused(errors)
    if not rows:
        raise DomainError("В выписке нет ни одной строки с оплатой.", field="file")
    return rows


def fingerprint(row: StatementRow, occurrence: int) -> str:
    """The row's identity across re-imports: its content and how many equal rows precede it."""
    key = "|".join([row.on.isoformat(), str(row.amount), row.payer.inn, row.number, row.purpose])
    digest = hashlib.sha256(f"{key}|{occurrence}".encode()).hexdigest()
    return f"bank:{digest[:40]}"


def _mentioned_invoices(row: StatementRow) -> list[int]:
    text = f"{row.number} {row.purpose}"
    open_invoices = Invoice.objects.open().filter(buyer=row.payer).order_by("due_date", "pk")
    return [invoice.pk for invoice in open_invoices if invoice.number in text]


@transaction.atomic
def payments_import_bank(*, actor: Actor, content: bytes, name: str) -> ImportReport:
    if not policies.can_manage_payments(actor):
        raise PermissionDenied("Загружать выписку может бухгалтер завода.")
    rows = parse_statement(content, name)
    seen: Counter[tuple] = Counter()
    report = ImportReport()
    for row in rows:
        identity = (row.on, row.amount, row.payer.pk, row.number, row.purpose)
        seen[identity] += 1
        _, created = receive(
            Receipt(
                payer_id=row.payer.pk,
                amount=row.amount,
                on=row.on,
                number=row.number,
                purpose=row.purpose,
                source=PaymentSource.BANK_STATEMENT,
                external_id=fingerprint(row, seen[identity]),
            ),
            user=actor.user,
            prefer=_mentioned_invoices(row),
        )
        if created:
            report.created += 1
        else:
            report.unchanged += 1
    audit_record(
        action="payments_imported_bank",
        actor=actor,
        changes={"file": name, "created": report.created, "unchanged": report.unchanged},
    )
    return report
