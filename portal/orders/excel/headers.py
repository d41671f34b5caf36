"""Finding the header row of a dealer's own sheet and what each column holds.

The first ``HEADER_SCAN_ROWS`` rows are scanned; the header is the first row naming a
quantity column and an article or a product-model column. Headers are compared lowercased,
with «ё» as «е» and punctuation as spaces, so «Кол-во», «КОЛ.ВО» and «кол во» are one word;
a header may go on after a known name («Ширина, мм», «Артикул товара»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .values import text_of

HEADER_SCAN_ROWS = 20

ARTICLE = "article"
MODEL = "model"
NAME = "name"
QUANTITY = "quantity"
WIDTH = "width"
HEIGHT = "height"
OPTIONS = "options"
COLOUR = "colour"
NOTE = "note"

SYNONYMS: dict[str, tuple[str, ...]] = {
    ARTICLE: ("артикул", "арт", "код", "код товара", "код номенклатуры", "article", "sku", "code"),
    MODEL: ("модель", "модель изделия", "конфигурация", "изделие", "model", "configuration"),
    NAME: ("наименование", "название", "номенклатура", "товар", "name", "description"),
    QUANTITY: ("количество", "кол во", "колво", "кол", "шт", "qty", "quantity", "amount"),
    WIDTH: ("ширина", "width"),
    HEIGHT: ("высота", "height"),
    OPTIONS: ("опции", "параметры", "комплектация", "options"),
    COLOUR: ("цвет", "colour", "color"),
    NOTE: ("примечание", "комментарий", "note", "notes", "comment"),
}
NOT_WORD = re.compile(r"[^0-9a-zа-я]+")


@dataclass(frozen=True)
class Header:
    row_index: int  # 0-based index in the sheet's rows
    columns: dict[str, int]  # field → 0-based column index


def normalise(value: object) -> str:
    return NOT_WORD.sub(" ", text_of(value).lower().replace("ё", "е")).strip()


def field_of(value: object) -> str | None:
    text = normalise(value)
    if not text:
        return None
    for name, words in SYNONYMS.items():
        for word in words:
            if text == word or text.startswith(word + " "):
                return name
    return None


def find_header(rows: list[list[object]]) -> Header | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for column, value in enumerate(row):
            name = field_of(value)
            if name is not None and name not in columns:
                columns[name] = column
        if QUANTITY in columns and (ARTICLE in columns or MODEL in columns):
            return Header(index, columns)
    return None
