"""Old-format files for the tests, written byte by byte: LibreOffice is not installed here and
xlwt is unmaintained, so a minimal writer of the two formats it takes is kept next to the tests.

- ``xls_bytes(rows)``: an Excel 97–2003 workbook (BIFF8 records inside an OLE compound file)
  with one sheet of text and numbers, the subset Excel itself writes for plain values;
- ``compound_file({name: bytes})``: the OLE container alone, which is also what a
  password-protected .xlsx is (streams «EncryptionInfo» and «EncryptedPackage»).

Both python-calamine and xlrd read the result (``test_reading`` checks it with each).
"""

from __future__ import annotations

import struct

SECTOR = 512
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
FAT_SECTOR = 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
MINI_CUTOFF = 4096


def xls_bytes(rows: list[list[object]], *, sheet: str = "Заказ") -> bytes:
    """``rows`` of str, int, float or None, from cell A1."""
    strings: dict[str, int] = {}
    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                index = strings.setdefault(value, len(strings))
                cells += _record(0x00FD, struct.pack("<HHHI", r, c, 15, index))  # LABELSST
            else:
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 15, float(value)))  # NUMBER
    width = max((len(row) for row in rows), default=0)
    sheet_stream = (
        _bof(0x0010)
        + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))  # DIMENSIONS
        + cells
        + _record(0x000A, b"")
    )
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(
        struct.pack("<HB", len(text), 1) + text.encode("utf-16-le") for text in strings
    )
    name = sheet.encode("utf-16-le")

    def globals_part(sheet_offset: int) -> bytes:
        return (
            _bof(0x0005)
            + _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
            + b"".join(_record(0x0031, _font()) for _ in range(4))
            + b"".join(_record(0x00E0, _xf(style=i < 15)) for i in range(16))
            + _record(0x0085, struct.pack("<IBBBB", sheet_offset, 0, 0, len(sheet), 1) + name)
            + _record(0x00FC, sst)
            + _record(0x000A, b"")
        )

    head = globals_part(0)
    workbook = globals_part(len(head)) + sheet_stream
    return compound_file({"Workbook": workbook})


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 6))


def _font() -> bytes:
    name = "Arial".encode("utf-16-le")
    return struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + bytes([5, 1]) + name


def _xf(*, style: bool) -> bytes:
    kind = 0xFFF5 if style else 0x0001
    return struct.pack("<HHHBBBBIIH", 0, 0, kind, 0x20, 0, 0, 0, 0, 0, 0x20C0)


def compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3, 512-byte sectors) holding ``streams`` at its root."""
    fat = [FAT_SECTOR, END_OF_CHAIN]  # sector 0: the FAT, sector 1: the directory
    body = b""
    entries = [_entry("Root Entry", 5, child=1 if streams else NO_STREAM)]
    for number, (name, data) in enumerate(streams.items(), 1):
        data = data.ljust(MINI_CUTOFF, b"\0")  # big enough to live outside the mini stream
        first = len(fat)
        count = -(-len(data) // SECTOR)
        fat += [first + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
        body += data.ljust(count * SECTOR, b"\0")
        right = number + 1 if number < len(streams) else NO_STREAM
        entries.append(_entry(name, 2, right=right, start=first, size=len(data)))
    if len(fat) > SECTOR // 4 or len(entries) > 4:
        raise ValueError("keep test files small: one FAT sector, one directory sector")
    fat_sector = struct.pack(f"<{SECTOR // 4}I", *fat, *[FREE] * (SECTOR // 4 - len(fat)))
    empty = _entry("", 0)
    directory = b"".join(entries) + empty * (4 - len(entries))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, MINI_CUTOFF, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<109I", 0, *[FREE] * 108)
    )
    return header + fat_sector + directory + body


def _entry(
    name: str,
    kind: int,
    *,
    right: int = NO_STREAM,
    child: int = NO_STREAM,
    start: int = END_OF_CHAIN,
    size: int = 0,
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBBIII", len(encoded), kind, 1, NO_STREAM, right, child)
        + b"\0" * 16
        + struct.pack("<IQQIQ", 0, 0, 0, start if kind else 0, size)
    )
