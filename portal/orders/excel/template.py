"""The order form dealers download: a sheet «Заказ» to fill, a sheet of instructions and a
reference sheet of the configurator's models and options (the drop-down lists use it).

The header names are the ones ``headers`` recognises first, so the filled form always reads.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.catalog.configurator.definition import ParamType
from portal.catalog.configurator.models import ProductModel
from portal.catalog.configurator.selectors import definition_of, product_model_get

from .configurations import COLOUR_PREFIX
from .safety import MAX_DATA_ROWS
from .values import plain

COLUMNS = [
    ("№", 6),
    ("Артикул", 16),
    ("Модель изделия", 24),
    ("Наименование", 36),
    ("Количество", 12),
    ("Ширина, мм", 12),
    ("Высота, мм", 12),
    ("Опции", 48),
    ("Цвет", 16),
    ("Примечание", 30),
]
FORM_ROWS = 500
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
BOLD = Font(bold=True)

INSTRUCTIONS = [
    "Как заполнить бланк заказа",
    "",
    "1. Заполняйте лист «Заказ»: одна строка — одна позиция. Строку заголовков не меняйте.",
    "2. Товар из каталога: укажите «Артикул» и «Количество». Наименование можно не писать — "
    "его возьмём из каталога.",
    "3. Изделие по размерам (окно, дверь): оставьте «Артикул» пустым, выберите «Модель "
    "изделия» из списка, укажите «Ширина, мм», «Высота, мм» и «Количество» (целое число).",
    "4. «Опции» изделия — пары «параметр: значение» через точку с запятой, например: "
    "«Профильная система: Термо 82; Стеклопакет: Двухкамерный 4-10-4-10-4; Число створок: 2; "
    "Тип открывания: Поворотно-откидная, Глухая». Для нескольких створок значения через "
    "запятую, по порядку створок. Что не указано, берётся по умолчанию.",
    "5. «Цвет» — цвет профиля изделия с обеих сторон (из списка на листе «Справочник»).",
    "6. Количество — число больше нуля; штучные товары и изделия — целым числом.",
    "7. Пустые строки и строки «Итого» не учитываются. Цены в бланк писать не нужно: "
    "их рассчитает портал по вашим условиям.",
    f"8. В одном файле — не больше {MAX_DATA_ROWS:,} строк.".replace(",", " "),
    "",
    "Загрузите файл на странице «Заказы → Импорт из Excel». Портал покажет, какие строки "
    "можно взять в заказ и почему не подходят остальные; заказ (черновик) создаётся только "
    "после вашего подтверждения.",
    "Подойдёт и ваш собственный бланк .xlsx или .xls: портал найдёт строку заголовков "
    "(«Артикул», «Кол-во», «Ширина», «Высота» и т. п.) в первых 20 строках листа.",
]


def order_template_xlsx() -> bytes:
    book = Workbook()
    form = book.active
    form.title = "Заказ"
    _form(form)
    _instructions(book.create_sheet("Инструкция"))
    models, colours = _reference(book.create_sheet("Справочник"))
    _validations(form, models=models, colours=colours)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _form(sheet) -> None:
    for column, (title, width) in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 120
    for row, text in enumerate(INSTRUCTIONS, 1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=14)


def _reference(sheet) -> tuple[int, int]:
    """Models (column A), colours (column B) and each model's parameters below; returns
    how many models and colours were listed, for the drop-downs."""
    sheet["A1"], sheet["B1"] = "Модели изделий", "Цвета"
    sheet["A1"].font = sheet["B1"].font = BOLD
    definitions = [
        definition_of(product_model_get(code))
        for code in ProductModel.objects.active().values_list("code", flat=True)
    ]
    colours = sorted(
        {
            option.label
            for definition in definitions
            for parameter in definition.parameters
            if parameter.code.startswith(COLOUR_PREFIX)
            for option in parameter.options
        }
    )
    for row, definition in enumerate(definitions, 2):
        sheet.cell(row=row, column=1, value=definition.name)
    for row, colour in enumerate(colours, 2):
        sheet.cell(row=row, column=2, value=colour)
    row = max(len(definitions), len(colours)) + 3
    for definition in definitions:
        sheet.cell(row=row, column=1, value=f"{definition.name} ({definition.code})").font = BOLD
        row += 1
        for parameter in definition.parameters:
            sheet.cell(row=row, column=1, value=parameter.label)
            sheet.cell(row=row, column=2, value=_values_of(parameter))
            row += 1
        row += 1
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 90
    return len(definitions), len(colours)


def _values_of(parameter) -> str:
    if parameter.type == ParamType.CHOICE:
        text = "; ".join(option.label for option in parameter.options)
        return f"{text} (по створкам через запятую)" if parameter.per_sash else text
    if parameter.type == ParamType.BOOLEAN:
        return "да / нет"
    unit = f" {parameter.unit}" if parameter.unit else ""
    low, high = parameter.min_value, parameter.max_value
    if low is None or high is None:
        return f"число{unit}"
    return f"от {plain(low)} до {plain(high)}{unit}"


def _validations(form, *, models: int, colours: int) -> None:
    last = FORM_ROWS + 1
    rules = [
        DataValidation(
            type="decimal",
            operator="greaterThan",
            formula1="0",
            error="Количество — число больше нуля.",
            errorTitle="Количество",
            showErrorMessage=True,
            sqref=f"E2:E{last}",
        ),
        DataValidation(
            type="whole",
            operator="between",
            formula1="100",
            formula2="10000",
            error="Размер — целое число миллиметров.",
            errorTitle="Размер",
            showErrorMessage=True,
            sqref=f"F2:G{last}",
        ),
    ]
    if models:
        rules.append(
            DataValidation(
                type="list", formula1=f"=Справочник!$A$2:$A${models + 1}", sqref=f"C2:C{last}"
            )
        )
    if colours:
        rules.append(
            DataValidation(
                type="list", formula1=f"=Справочник!$B$2:$B${colours + 1}", sqref=f"I2:I{last}"
            )
        )
    for rule in rules:
        form.add_data_validation(rule)
