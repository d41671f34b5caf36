"""Hostile and broken files: each refused with a Russian message, quickly, storing nothing."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from portal.core.errors import DomainError
from portal.orders.excel import excel_import_accept, excel_import_preview, safety
from portal.orders.models import Order, OrderEvent

from .conftest import sheet_xlsx, with_sheet_xml
from .legacy_files import compound_file, xls_bytes


def refused(world, data: bytes, name: str = "заказ.xlsx") -> str:
    actor = world.actor("dealer_a_admin")
    started = time.perf_counter()
    with pytest.raises(DomainError) as error:
        excel_import_preview(actor=actor, file_name=name, data=data)
    with pytest.raises(DomainError):
        excel_import_accept(actor=actor, preview_token_or_data=data, file_name=name)
    assert time.perf_counter() - started < 10
    assert Order.objects.count() == OrderEvent.objects.count() == 0
    return error.value.message


def bomb() -> bytes:
    """A real order form plus a 60 MB part of zeros that packs into ~60 KB."""
    return with_sheet_xml(
        sheet_xlsx([]),
        cells("A1"),
        extra={"xl/media/image1.bin": b"\0" * (60 * 1024 * 1024)},
    )


def cells(*refs: str) -> bytes:
    return b"".join(
        f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}"><v>1</v></c></row>'.encode()
        for ref in refs
    )


CASES = {
    "not a zip": (b"just some text, not a workbook", "заказ.xlsx", safety.NOT_SPREADSHEET),
    "html as xls": (
        b"<html><body><table><tr><td>1</td></tr></table>",
        "z.xls",
        safety.NOT_SPREADSHEET,
    ),
    "zip but not excel": (None, "z.xlsx", safety.NOT_SPREADSHEET),
    "broken zip": (b"PK\x03\x04" + b"\x14\x00" * 40, "z.xlsx", safety.DAMAGED),
    "broken xls": (safety.OLE_MAGIC + b"\x00" * 2000, "z.xls", safety.DAMAGED),
    "password xlsx": (None, "z.xlsx", safety.PROTECTED),
    "zip bomb": (None, "z.xlsx", safety.UNPACKED_TOO_BIG),
    "far row": (None, "z.xlsx", safety.TOO_MANY_ROWS),
    "wide sheet": (None, "z.xlsx", safety.TOO_MANY_COLUMNS),
    "cells without references": (None, "z.xlsx", safety.TOO_MANY_COLUMNS),
    "empty": (b"", "z.xlsx", "Файл пустой."),
}


def build(case: str) -> bytes:
    data = CASES[case][0]
    if data is not None:
        return data
    if case == "zip but not excel":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "hello")
        return buffer.getvalue()
    if case == "password xlsx":
        return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"x"})
    if case == "zip bomb":
        return bomb()
    if case == "far row":
        return with_sheet_xml(sheet_xlsx([]), cells("A1", "B1048576"))
    if case == "wide sheet":
        return with_sheet_xml(sheet_xlsx([]), cells("A1", "XFD1"))
    return with_sheet_xml(sheet_xlsx([]), b"<row>" + b"<c><v>1</v></c>" * 16384 + b"</row>")


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gets_a_russian_message(world, shop, case):
    assert refused(world, build(case), CASES[case][1]) == CASES[case][2]


def test_too_large_upload_is_refused_before_reading(world, shop):
    data = b"PK\x03\x04" + b"\0" * safety.MAX_FILE_BYTES
    assert "больше 10 МБ" in refused(world, data)


def test_more_than_ten_thousand_rows_is_refused(world, shop):
    rows = [["DV-100", 1]] * (safety.MAX_DATA_ROWS + 1)
    assert refused(world, sheet_xlsx(rows)) == safety.TOO_MANY_ROWS


def test_ten_thousand_rows_are_taken(world, shop):
    result = excel_import_preview(
        actor=world.actor("dealer_a_admin"),
        file_name="z.xlsx",
        data=sheet_xlsx([["FT-1", 1]] * safety.MAX_DATA_ROWS),
    )
    assert len(result.lines) == safety.MAX_DATA_ROWS and not result.refused


def test_saved_formula_values_are_read_and_text_is_never_a_formula(world, shop):
    header = '<c r="A1" t="inlineStr"><is><t>Артикул</t></is></c>'
    header += '<c r="B1" t="inlineStr"><is><t>Количество</t></is></c>'
    data = with_sheet_xml(
        sheet_xlsx([]),
        f'<row r="1">{header}</row>'.encode()
        + b'<row r="2"><c r="A2" t="str"><f>"DV-"&amp;"100"</f><v>DV-100</v></c>'
        b'<c r="B2"><f>1+1</f><v>2</v></c></row>',
    )
    result = excel_import_preview(actor=world.actor("dealer_a_admin"), file_name="z", data=data)
    assert [(line.item.article, line.quantity) for line in result.lines] == [("DV-100", 2)]
    rows = [["Артикул", "Количество", "Наименование"], [None, 1, "=cmd|' /C calc'!A0"]]
    result = excel_import_preview(
        actor=world.actor("dealer_a_admin"), file_name="z.xls", data=xls_bytes(rows)
    )
    assert [r.text for r in result.refused] == ["'=cmd|' /C calc'!A0"]
