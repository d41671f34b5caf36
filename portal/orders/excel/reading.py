"""Reading the rows of the order sheet, after ``safety.check_file`` has passed the file.

.xlsx goes through python-calamine: the fastest reader, and it returns the values Excel saved
with each formula (never evaluating one; a formula saved without its value reads as empty).
.xls goes through xlrd with ragged rows: python-calamine fills the whole rectangle between the
extreme cells, and in the binary format that rectangle cannot be measured before reading,
while xlrd keeps only the cells present. xlrd, too, gives formulas' saved values.

The sheet named «Заказ» is tried first, then the others in order; the first with a header row
(``headers.find_header``) is the order.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import python_calamine
import xlrd

from portal.core.errors import DomainError

from .headers import Header, find_header
from .safety import (
    DAMAGED,
    MAX_COLUMNS,
    MAX_SHEET_ROWS,
    PROTECTED,
    TOO_MANY_COLUMNS,
    TOO_MANY_ROWS,
    XLSX,
)

logger = logging.getLogger(__name__)

ORDER_SHEET = "заказ"
MAX_SHEETS = 10
NO_HEADER = (
    "Не нашли строку заголовков. В первых 20 строках листа должны быть столбцы «Артикул» "
    "(или «Модель») и «Количество» — проще всего скачать шаблон заказа на портале."
)


@dataclass(frozen=True)
class Table:
    sheet: str
    header: Header
    rows: list[list[object]]  # rows[i] is Excel's row i + 1


def read_table(kind: str, data: bytes) -> Table:
    book = _CalamineBook(data) if kind == XLSX else _XlrdBook(data)
    names = book.sheet_names()[:MAX_SHEETS]
    names.sort(key=lambda name: name.strip().lower() != ORDER_SHEET)
    for name in names:
        rows = book.rows(name)
        if len(rows) > MAX_SHEET_ROWS:
            raise DomainError(TOO_MANY_ROWS, field="file")
        if max(map(len, rows), default=0) > MAX_COLUMNS:
            raise DomainError(TOO_MANY_COLUMNS, field="file")
        header = find_header(rows)
        if header is not None:
            return Table(name, header, rows)
    raise DomainError(NO_HEADER, field="file")


class _CalamineBook:
    def __init__(self, data: bytes):
        try:
            self.book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        except python_calamine.PasswordError:
            raise DomainError(PROTECTED, field="file") from None
        except Exception:  # a hostile or broken file may fail anywhere inside the reader
            logger.info("excel import: calamine could not open the file", exc_info=True)
            raise DomainError(DAMAGED, field="file") from None

    def sheet_names(self) -> list[str]:
        return [
            sheet.name
            for sheet in self.book.sheets_metadata
            if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]

    def rows(self, name: str) -> list[list[object]]:
        try:
            return self.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            logger.info("excel import: calamine could not read a sheet", exc_info=True)
            raise DomainError(DAMAGED, field="file") from None


class _XlrdBook:
    def __init__(self, data: bytes):
        try:
            self.book = xlrd.open_workbook(
                file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO()
            )
        except xlrd.XLRDError as error:
            if "encrypted" in str(error).lower():
                raise DomainError(PROTECTED, field="file") from None
            raise DomainError(DAMAGED, field="file") from None
        except Exception:
            logger.info("excel import: xlrd could not open the file", exc_info=True)
            raise DomainError(DAMAGED, field="file") from None

    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names())

    def rows(self, name: str) -> list[list[object]]:
        try:
            sheet = self.book.sheet_by_name(name)
            if sheet.nrows > MAX_SHEET_ROWS:
                raise DomainError(TOO_MANY_ROWS, field="file")
            return [sheet.row_values(index) for index in range(sheet.nrows)]
        except DomainError:
            raise
        except Exception:
            logger.info("excel import: xlrd could not read a sheet", exc_info=True)
            raise DomainError(DAMAGED, field="file") from None
