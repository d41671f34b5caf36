"""Files attached to order comments: at most 10 MB, of the types people actually exchange
about doors and windows, checked by extension AND by the file's first bytes."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from portal.core.errors import DomainError

MAX_SIZE = 10 * 1024 * 1024
ALLOWED = ("pdf", "jpg", "jpeg", "png", "xlsx", "xls", "docx", "dwg", "txt")
ALLOWED_LABEL = "PDF, JPG, PNG, XLSX, XLS, DOCX, DWG, TXT"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files (.xls)
ZIP_MEMBER = {"xlsx": "xl/", "docx": "word/"}  # an OOXML zip holds its part folder


def check_attachment(upload) -> str:
    """Refuse a file that is too big, of a wrong type, or not what its name says; returns the
    clean original name."""
    name = PurePath(upload.name or "").name[:255] or "файл"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise DomainError(
            f"Файл «{name}»: такой тип прикреплять нельзя. Можно: {ALLOWED_LABEL}.", field="files"
        )
    if upload.size > MAX_SIZE:
        raise DomainError(f"Файл «{name}» больше 10 МБ.", field="files")
    if upload.size == 0:
        raise DomainError(f"Файл «{name}» пустой.", field="files")
    if not _content_matches(upload, extension):
        raise DomainError(
            f"Файл «{name}» не похож на {extension.upper()}: содержимое не совпадает с "
            "расширением.",
            field="files",
        )
    return name


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension == "xls":
        return head.startswith(OLE)
    if extension == "dwg":
        return head[:4] in (b"AC10", b"AC1.", b"AC2.")
    if extension in ZIP_MEMBER:
        return head.startswith(b"PK\x03\x04") and _zip_has(upload, ZIP_MEMBER[extension])
    return _is_text(head)


def _zip_has(upload, prefix: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return any(entry.startswith(prefix) for entry in archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):  # a damaged or hostile zip
        return False
    finally:
        upload.seek(0)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1251"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False
