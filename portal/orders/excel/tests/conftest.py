"""Fixtures of the Excel import tests: the orders tests' priced shop, the demo configurator
models, and helpers that build order forms as files."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from portal.demo import configurator as demo_configurator
from portal.orders.tests.conftest import Shop, shop  # noqa: F401  (the fixture)

__all__ = ["Shop", "sheet_xlsx", "with_sheet_xml", "xlsx"]


@pytest.fixture
def models(db):
    return {model.code: model for model in demo_configurator.build()}


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()


def xlsx(rows: list[list[object]], *, title: str = "Заказ") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_xlsx(rows: list[list[object]], **kwargs) -> bytes:
    return xlsx([["Артикул", "Количество"], *rows], **kwargs)


def with_sheet_xml(data: bytes, sheet_data: bytes, *, extra: dict | None = None) -> bytes:
    """The workbook ``data`` with the first sheet's <sheetData> replaced (and more entries)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = content.index(b"<sheetData")
                closing = content.find(b"</sheetData>")
                end = closing + 12 if closing > 0 else start + len(b"<sheetData/>")
                new = b"<sheetData>" + sheet_data + b"</sheetData>"
                content = content[:start] + new + content[end:]
            target.writestr(info, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()
