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
    columns = table.header.columns
    get = {name: columns.get(name) for name in h.SYNONYMS}
    inputs: list[RowInput] = []
    refusals: list[RowRefusal] = []
    for index in range(table.header.row_index + 1, len(table.rows)):
        cells = table.rows[index]
        if not any(value != "" and value is not None for value in cells):
            continue

        def cell(name: str, cells=cells) -> object:
            column = get[name]
            return cells[column] if column is not None and column < len(cells) else ""

        if _is_total(cells):
            continue
        row = RowInput(
            row=index + 1,
            article=text_of(cell(h.ARTICLE)),
            model=text_of(cell(h.MODEL)),
            name=text_of(cell(h.NAME)),
            quantity=cell(h.QUANTITY),
            width=number_of(cell(h.WIDTH)),
            height=number_of(cell(h.HEIGHT)),
            width_text=text_of(cell(h.WIDTH)),
            height_text=text_of(cell(h.HEIGHT)),
            options=text_of(cell(h.OPTIONS)),
            colour=text_of(cell(h.COLOUR)),
            note=safe_text(text_of(cell(h.NOTE))),
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
