"""Checks a file passes before any spreadsheet library opens it, so a hostile upload costs
bounded time and memory and gets a clear Russian message instead of a server error.

- the size of the upload and its magic bytes (an .xlsx must be a zip, an .xls an OLE file;
  an HTML page saved as «.xls» is neither);
- an OLE file holding «EncryptedPackage» is a password-protected .xlsx;
- a zip: the number of entries, and every entry decompressed as a stream against one budget
  (the sizes a zip declares may lie), which stops zip bombs;
- the extent of every worksheet: the XML is scanned for the highest row and column before
  the reader builds its grid, because readers allocate the rectangle between the extreme cells
  (one cell at XFD1048576 would be seventeen billion of them).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from portal.core.errors import DomainError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_DATA_ROWS = 10_000
MAX_SHEET_ROWS = MAX_DATA_ROWS + 200  # header block, blank and total rows around the data
MAX_COLUMNS = 100

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
XLSX = "xlsx"
XLS = "xls"

CHUNK = 1 << 20
SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
# A cell or row reference of five digits and more, and a column beyond CV (the 100th).
# Column letters are not limited to Excel's three: readers take «ZZZZ1» as column 475 254.
BIG_ROW = re.compile(rb'<(?:c r="[A-Z]+|row r=")(\d{5,})"')
WIDE_COLUMN = re.compile(rb'<c r="(?:[A-Z]{3,}|[D-Z][A-Z]|C[W-Z])\d')
TAG = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s>/])([^>]*)>")
REF = re.compile(rb'\br="([A-Z]*)(\d*)"')

TOO_BIG = f"Файл больше {MAX_FILE_BYTES // (1024 * 1024)} МБ. Разбейте заказ на несколько файлов."
NOT_SPREADSHEET = (
    "Это не файл Excel. Сохраните заказ в Excel как «Книга Excel (.xlsx)» "
    "или «Книга Excel 97–2003 (.xls)» и загрузите ещё раз."
)
PROTECTED = "Файл защищён паролем. Снимите пароль в Excel («Файл → Сведения → Защита книги»)."
DAMAGED = "Файл повреждён: Excel-таблицу в нём прочитать не удалось. Пересохраните его в Excel."
UNPACKED_TOO_BIG = (
    "Файл распаковывается в слишком большой объём: похоже, он повреждён или собран "
    "специально. Пересохраните таблицу в Excel."
)
TOO_MANY_ROWS = (
    f"В файле больше {MAX_DATA_ROWS:,} строк. Разбейте заказ на несколько файлов."
).replace(",", " ")
TOO_MANY_COLUMNS = (
    f"В таблице больше {MAX_COLUMNS} столбцов. Оставьте на листе только столбцы заказа."
)


@dataclass(frozen=True)
class Checked:
    kind: str  # XLSX or XLS


def check_file(file_name: str, data: bytes) -> Checked:
    """The kind of the file, or a DomainError saying in Russian why it is refused."""
    if not data:
        raise DomainError("Файл пустой.", field="file")
    if len(data) > MAX_FILE_BYTES:
        raise DomainError(TOO_BIG, field="file")
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise DomainError(PROTECTED, field="file")
        return Checked(XLS)
    if data.startswith(ZIP_MAGIC):
        _check_zip(data)
        return Checked(XLSX)
    raise DomainError(NOT_SPREADSHEET, field="file")


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError(DAMAGED, field="file") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise DomainError(UNPACKED_TOO_BIG, field="file")
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:  # not .ods, not binary .xlsb
        raise DomainError(NOT_SPREADSHEET, field="file")
    budget = MAX_UNPACKED_BYTES
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise DomainError(PROTECTED, field="file")
        if entry.file_size > budget:
            raise DomainError(UNPACKED_TOO_BIG, field="file")
        content = _unpack(archive, entry, budget)
        budget -= len(content)
        if SHEET_PART.match(entry.filename):
            check_extent(content)


def _unpack(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> bytes:
    """The entry's bytes, read as a stream that stops at ``budget``."""
    parts, size = [], 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > budget:
                    raise DomainError(UNPACKED_TOO_BIG, field="file")
                parts.append(chunk)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        # ValueError: «negative seek value» when a member's offset points before the file
        raise DomainError(DAMAGED, field="file") from None
    return b"".join(parts)


def check_extent(xml: bytes) -> None:
    """Refuse a worksheet reaching beyond MAX_SHEET_ROWS rows or MAX_COLUMNS columns.

    Excel, LibreOffice and openpyxl write every cell and row with its reference first
    (``<c r="B7"``); then two searches at C speed settle it. Any other layout (references
    left out, a namespace prefix) is walked tag by tag, as a reader would place the cells.
    """
    cells = xml.count(b"<c ") + xml.count(b"<c>") + xml.count(b"<c/>")
    rows = xml.count(b"<row ") + xml.count(b"<row>") + xml.count(b"<row/>")
    usual = (
        cells == xml.count(b'<c r="')
        and rows == xml.count(b'<row r="')
        and (cells or b":c " not in xml)
    )
    if not usual:
        _walk_extent(xml)
        return
    if WIDE_COLUMN.search(xml):
        raise DomainError(TOO_MANY_COLUMNS, field="file")
    for match in BIG_ROW.finditer(xml):
        if int(match.group(1)) > MAX_SHEET_ROWS:
            raise DomainError(TOO_MANY_ROWS, field="file")


def _walk_extent(xml: bytes) -> None:
    row = column = 0
    for match in TAG.finditer(xml):
        tag, attributes = match.groups()
        ref = REF.search(attributes)
        if tag == b"row":
            row = int(ref.group(2)) if ref and ref.group(2) else row + 1
            column = 0
            if row > MAX_SHEET_ROWS:
                raise DomainError(TOO_MANY_ROWS, field="file")
            continue
        if ref and ref.group(1):
            column = _column_number(ref.group(1))
            if ref.group(2) and int(ref.group(2)) > MAX_SHEET_ROWS:
                raise DomainError(TOO_MANY_ROWS, field="file")
        else:
            column += 1
        if column > MAX_COLUMNS:
            raise DomainError(TOO_MANY_COLUMNS, field="file")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
