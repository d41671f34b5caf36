"""The downloadable order form: its sheets, header and lists, and that a filled copy imports."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl

from portal.orders.excel import excel_import_preview, order_template_xlsx
from portal.orders.excel.headers import find_header


def test_template_has_the_form_instructions_and_lists(world, models):
    book = openpyxl.load_workbook(io.BytesIO(order_template_xlsx()))
    assert book.sheetnames == ["Заказ", "Инструкция", "Справочник"]
    form = book["Заказ"]
    header = [cell.value for cell in form[1]]
    assert header[:5] == ["№", "Артикул", "Модель изделия", "Наименование", "Количество"]
    assert {"Ширина, мм", "Высота, мм", "Опции", "Цвет", "Примечание"} <= set(header)
    assert form.freeze_panes == "A2"
    lists = {str(rule.sqref): rule.formula1 for rule in form.data_validations.dataValidation}
    assert lists["C2:C501"] == "=Справочник!$A$2:$A$5"  # the four demo models
    assert lists["I2:I501"].startswith("=Справочник!$B$2")
    assert "Окно ПВХ" in [cell.value for cell in book["Справочник"]["A"]]
    assert "Как заполнить" in book["Инструкция"]["A1"].value
    assert find_header([[cell.value for cell in row] for row in form.iter_rows()]) is not None


def test_template_holds_no_formulas_in_cells(world, models):
    archive = zipfile.ZipFile(io.BytesIO(order_template_xlsx()))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_filled_template_imports_every_row(world, shop, models):
    book = openpyxl.load_workbook(io.BytesIO(order_template_xlsx()))
    form = book["Заказ"]
    form.append([1, "DV-100", None, "Дверь «Классик»", 2, None, None, None, None, "в офис"])
    form.append([2, "ft-1", None, None, "3", None, None, None, None, None])
    form.append(
        [
            3,
            None,
            "Окно ПВХ",
            None,
            4,
            1300,
            1400,
            "Стеклопакет: двухкамерный 4-10-4-10-4; "
            "Число створок: 2; Тип открывания: поворотно-откидная, глухая",
            "Золотой дуб",
            None,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    preview = excel_import_preview(
        actor=world.actor("dealer_a_admin"), file_name="бланк.xlsx", data=buffer.getvalue()
    )
    assert preview.refused == []
    assert [(line.row, line.item.article, line.quantity) for line in preview.lines] == [
        (2, "DV-100", Decimal("2")),
        (3, "FT-1", Decimal("3")),
        (4, "pvc-window", Decimal("4")),
    ]
    window = preview.lines[2].item.configuration["choices"]
    assert window["glass_unit"] == "two_chamber"
    assert (window["sash_type_1"], window["sash_type_2"]) == ("tilt_turn", "fixed")
    assert window["colour_inside"] == window["colour_outside"] == "golden_oak"
    assert preview.total == sum(line.line_total for line in preview.lines)
    assert preview.lines[0].line_total == Decimal("20000.00")
