"""The dealer's own layout: header found below a title block, columns by name, .xls too."""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.core.errors import DomainError
from portal.orders.excel import excel_import_preview

from .conftest import xlsx
from .legacy_files import xls_bytes

OWN_LAYOUT = [
    ["ООО «Окна Севера»: заявка на поставку"],
    [],
    ["Дата", "12.03.2026"],
    [],
    ["Кол-во", "Цена", "Код товара", "Склад", "Наименование товара", "Сумма"],
    ["2,5", 100, "dv-100", "Москва", "дверь", 250],
    [],
    ["3 шт", None, "FT-1", None, "ручка", None],
    [1, None, " OK-200 ", None, None, None],
    [None, None, None, None, "Итого", 999],
]


def preview(world, data: bytes, name: str = "заявка.xlsx", who: str = "dealer_a_admin"):
    return excel_import_preview(actor=world.actor(who), file_name=name, data=data)


def test_own_column_order_with_header_on_row_five(world, shop):
    result = preview(world, xlsx(OWN_LAYOUT))
    assert result.header_row == 5
    assert [(line.row, line.item.article, line.quantity) for line in result.lines] == [
        (8, "FT-1", Decimal("3")),
        (9, "OK-200", Decimal("1")),
    ]
    # 2.5 doors: pieces are whole; prices in the file are never taken
    assert [(r.row, r.reason) for r in result.refused] == [
        (6, "количество изделий по размерам («Дверь «Классик»») — целое число")
    ]
    assert result.lines[1].item.unit_price == Decimal("5000.00")


def test_xls_input(world, shop):
    rows = [["Артикул", "Количество"], ["DV-100", 2], ["FT-1", "4"], [None, None], ["NOPE", 1]]
    result = preview(world, xls_bytes(rows), name="заказ.xls")
    assert [(line.row, line.item.article, line.quantity) for line in result.lines] == [
        (2, "DV-100", Decimal("2")),
        (3, "FT-1", Decimal("4")),
    ]
    assert [(r.row, r.reason) for r in result.refused] == [
        (5, "артикул «NOPE» не найден в каталоге")
    ]


def test_sheet_named_order_is_taken_before_others(world, shop):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Прайс"
    book.active.append(["Артикул", "Количество"])
    book.active.append(["OK-200", 9])
    order = book.create_sheet("Заказ")
    order.append(["Артикул", "Количество"])
    order.append(["DV-100", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    result = preview(world, buffer.getvalue())
    assert result.sheet == "Заказ"
    assert [line.item.article for line in result.lines] == ["DV-100"]


def test_no_header_row_is_explained(world, shop):
    with pytest.raises(DomainError) as error:
        preview(world, xlsx([["что-то"], ["DV-100", 2]]))
    assert "строку заголовков" in error.value.message


def test_formula_cells_give_their_saved_values_only(world, shop):
    # openpyxl saves formulas without values: the quantity reads as empty, never evaluated
    result = preview(world, xlsx([["Артикул", "Количество"], ["DV-100", "=1+1"]]))
    assert [(r.row, r.reason) for r in result.refused] == [(2, "не указано количество")]
