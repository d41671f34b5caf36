"""From the sheet's rows to what each row asks for, before the catalog is consulted.

Empty rows and total rows («Итого», «Всего») are skipped; a row is numbered as Excel shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import headers as h
from .reading import Table
from .values import number_of, safe_text, text_of

TOTAL_WORDS = ("итого", "всего", "total")
FIELDS = (h.ARTICLE, h.MODEL, h.NAME, h.QUANTITY, h.WIDTH, h.HEIGHT, h.OPTIONS, h.COLOUR, h.NOTE)


@dataclass(frozen=True, slots=True)
class RowInput:
    row: int  # as Excel shows it
    article: str
    model: str
    name: str
    quantity: object  # the cell as read; checked once the unit is known
    width: Decimal | None
    height: Decimal | None
    width_text: str
    height_text: str
    options: str
    colour: str
    note: str

    @property
    def label(self) -> str:
        return self.article or self.model or self.name


@dataclass(frozen=True, slots=True)
class RowRefusal:
    row: int
    text: str  # what the row names (article, model or name)
    reason: str  # Russian, starting lowercase


def row_inputs(table: Table) -> tuple[list[RowInput], list[RowRefusal]]:
    columns = [table.header.columns.get(field) for field in FIELDS]
    inputs: list[RowInput] = []
    refusals: list[RowRefusal] = []
    for index in range(table.header.row_index + 1, len(table.rows)):
        cells = table.rows[index]
        size = len(cells)
        if cells.count("") + cells.count(None) == size or _is_total(cells):
            continue
        article, model, name, quantity, width, height, options, colour, note = (
            cells[column] if column is not None and column < size else "" for column in columns
        )
        row = RowInput(
            row=index + 1,
            article=text_of(article),
            model=text_of(model),
            name=text_of(name),
            quantity=quantity,
            width=number_of(width),
            height=number_of(height),
            width_text=text_of(width),
            height_text=text_of(height),
            options=text_of(options),
            colour=text_of(colour),
            note=safe_text(text_of(note)),
        )
        if not row.article and not row.model:
            if row.name or text_of(row.quantity):
                refusals.append(
                    RowRefusal(
                        row.row, safe_text(row.name), "не указан ни артикул, ни модель изделия"
                    )
                )
            continue
        inputs.append(row)
    return inputs, refusals


def _is_total(cells: list[object]) -> bool:
    for value in cells[:12]:
        if isinstance(value, str) and value:
            return value.strip().lower().startswith(TOTAL_WORDS)
    return False
