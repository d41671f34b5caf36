"""Writing order lines and the order's totals, and describing exactly what an edit changed.

Callers hold the order's row lock. A line's price is written once, when it is added (or by the
moderator on purpose); a change of quantity keeps the price. Totals come from one function.

``add_lines`` writes thousands of lines (an Excel order form) as one statement of plain rows:
on PostgreSQL with COPY, since an INSERT of ten thousand rows spends seconds in the driver
splitting its placeholders; on SQLite with ``executemany``. Each item's price steps (and a
configuration's drawing) are turned into JSON once, however many lines share them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models import Max, Sum

from portal.core.errors import DomainError
from portal.core.money import to_decimal

from .models import Order, OrderKind, OrderLine
from .pricing import Item, configuration_item, line_amounts, offer_get, offer_items, parse_quantity
from .workflow import OrderStatus

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LineChange:
    """One change of an order's lines: an existing line (``line_id``) gets a new quantity (or
    price and discount — the moderator only) or is removed; without ``line_id``, ``offer_id``
    with ``quantity`` adds a line."""

    line_id: int | None = None
    quantity: object = None
    remove: bool = False
    offer_id: int | None = None
    unit_price: object = None
    discount_percent: object = None

    @classmethod
    def of(cls, value: LineChange | dict) -> LineChange:
        return value if isinstance(value, LineChange) else cls(**value)


def needs_whole(order: Order, *, configuration: dict | None) -> bool:
    return configuration is not None or order.kind == OrderKind.MADE_TO_MEASURE


# What ``_snapshot`` gives, in order: the columns a new line is written with.
SNAPSHOT = (
    "position",
    "offer_id",
    "configuration",
    "name",
    "article",
    "unit",
    "quantity",
    "unit_price",
    "discount_percent",
    "vat_rate",
    "price_steps",
    "line_total",
    "vat_amount",
)
COLUMNS = ("order_id", *SNAPSHOT)
JSON_COLUMNS = (COLUMNS.index("configuration"), COLUMNS.index("price_steps"))


def add_line(
    order: Order,
    item: Item,
    quantity: object,
    *,
    source_line: OrderLine | None = None,
    discount_percent: Decimal = ZERO,
) -> OrderLine:
    values = _snapshot(order, _last_position(order) + 1, item, quantity, discount_percent)
    line = OrderLine(
        order=order, source_line=source_line, **dict(zip(SNAPSHOT, values, strict=True))
    )
    line.save()
    return line


def add_lines(order: Order, entries: Iterable[tuple[Item, object]]) -> None:
    """``add_line`` for each (item, quantity) after the order's last line, in one statement.
    The order's totals are the caller's to recompute."""
    start = _last_position(order) + 1
    dumped: dict[int, tuple[object, str]] = {}  # id of a JSON value → (it, its text)

    def as_json(value):
        if value is None:
            return None
        if id(value) not in dumped:
            dumped[id(value)] = (value, json.dumps(value, ensure_ascii=False))
        return dumped[id(value)][1]

    rows = []
    for position, (item, quantity) in enumerate(entries, start):
        row = [order.pk, *_snapshot(order, position, item, quantity, ZERO)]
        for index in JSON_COLUMNS:
            row[index] = as_json(row[index])
        rows.append(row)
    _insert(rows)


def _snapshot(
    order: Order, position: int, item: Item, quantity: object, discount_percent: Decimal
) -> tuple:
    """The values of a new line (``SNAPSHOT``): the item as it is today, the checked quantity
    and the amounts rounded once."""
    quantity = parse_quantity(
        quantity, whole=needs_whole(order, configuration=item.configuration), name=item.name
    )
    total, vat = line_amounts(
        unit_price=item.unit_price,
        quantity=quantity,
        discount_percent=discount_percent,
        vat_rate=item.vat_rate,
    )
    return (
        position,
        item.offer_id,
        item.configuration,
        item.name[:500],
        item.article[:100],
        item.unit[:32],
        quantity,
        item.unit_price,
        discount_percent,
        item.vat_rate,
        item.steps,
        total,
        vat,
    )


def _last_position(order: Order) -> int:
    return order.lines.aggregate(last=Max("position"))["last"] or 0


def _insert(rows: list[list]) -> None:
    table = connection.ops.quote_name(OrderLine._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608 — names are ours


def set_amounts(line: OrderLine) -> None:
    line.line_total, line.vat_amount = line_amounts(
        unit_price=line.unit_price,
        quantity=line.quantity,
        discount_percent=line.discount_percent,
        vat_rate=line.vat_rate,
    )


def recompute_totals(order: Order) -> None:
    """The order's totals from its lines: total with VAT, the VAT in it, and without VAT."""
    sums = order.lines.aggregate(total=Sum("line_total"), vat=Sum("vat_amount"))
    order.total = sums["total"] or ZERO
    order.vat_total = sums["vat"] or ZERO
    order.subtotal = order.total - order.vat_total


def apply_changes(order: Order, changes: list, *, may_set_price: bool) -> dict:
    """Apply line changes to a locked order; returns the exact diff (see ``diff_lines``)."""
    if not changes:
        raise DomainError("Нет изменений.")
    before = lines_state(order)
    lines = {line.pk: line for line in order.lines.select_for_update()}
    for change in (LineChange.of(value) for value in changes):
        if change.line_id is None:
            if change.offer_id is None:
                raise DomainError("Укажите строку заказа или товар.", field="offer")
            item = offer_items(order.buyer, [offer_get(change.offer_id)])[change.offer_id]
            add_line(order, item, change.quantity)
            continue
        line = lines.get(change.line_id)
        if line is None:
            raise DomainError("Такой строки в заказе нет.", field="line")
        if change.remove:
            line.delete()
            del lines[change.line_id]
            continue
        _change_line(order, line, change, may_set_price=may_set_price)
    if not order.lines.exists() and order.status != OrderStatus.DRAFT:
        raise DomainError("В заказе должна остаться хотя бы одна строка.", field="lines")
    recompute_totals(order)
    return diff_lines(before, lines_state(order))


def _change_line(order: Order, line: OrderLine, change: LineChange, *, may_set_price: bool):
    if not may_set_price and (change.unit_price is not None or change.discount_percent is not None):
        raise DomainError("Цену и скидку в строке меняет только продавец.", field="unit_price")
    if change.quantity is not None:
        line.quantity = parse_quantity(
            change.quantity,
            whole=needs_whole(order, configuration=line.configuration),
            name=line.name,
        )
    if change.unit_price is not None:
        line.unit_price = _number(change.unit_price, "Цена", low=ZERO, high=None, name=line.name)
        line.price_steps = [
            {"label": "Цена, установленная продавцом", "amount": str(line.unit_price)}
        ]
    if change.discount_percent is not None:
        line.discount_percent = _number(
            change.discount_percent, "Скидка", low=ZERO, high=Decimal("100"), name=line.name
        )
    set_amounts(line)
    line.save()


def _number(value: object, what: str, *, low, high, name: str) -> Decimal:
    try:
        number = to_decimal(value).quantize(Decimal("0.01"))
    except (ValueError, TypeError, InvalidOperation):
        raise DomainError(f"{what} («{name}») должна быть числом.", field="unit_price") from None
    if number < low or (high is not None and number > high):
        limit = f"от {low} до {high}" if high is not None else f"не меньше {low}"
        raise DomainError(f"{what} («{name}»): {limit}.", field="unit_price")
    return number


def reprice(order: Order, line: OrderLine) -> Item:
    """The line's item priced today for the order's buyer (raises when it can't be sold)."""
    if line.configuration is not None:
        return configuration_item(order.buyer, line.configuration)
    if line.offer_id is None:
        raise DomainError(f"Товара «{line.article or line.name}» больше нет в каталоге.")
    return offer_items(order.buyer, [offer_get(line.offer_id)])[line.offer_id]


TRACKED = ("name", "article", "quantity", "unit_price", "discount_percent", "line_total")


def lines_state(order: Order) -> dict[int, dict]:
    return {
        row["pk"]: {key: _plain(row[key]) for key in ("position", *TRACKED)}
        for row in order.lines.values("pk", "position", *TRACKED)
    }


def diff_lines(before: dict[int, dict], after: dict[int, dict]) -> dict:
    """{"added": [line], "removed": [line], "changed": [{position, name, field: [old, new]}]}."""
    added = [after[pk] for pk in after if pk not in before]
    removed = [before[pk] for pk in before if pk not in after]
    changed = []
    for pk in before.keys() & after.keys():
        fields = {
            key: [before[pk][key], after[pk][key]]
            for key in ("quantity", "unit_price", "discount_percent", "line_total")
            if before[pk][key] != after[pk][key]
        }
        if fields:
            changed.append({"position": after[pk]["position"], "name": after[pk]["name"], **fields})
    changed.sort(key=lambda row: row["position"])
    return {"added": added, "removed": removed, "changed": changed}


def describe(diff: dict) -> str:
    """The diff in one Russian paragraph for the timeline and notifications."""
    parts = []
    for line in diff["added"]:
        parts.append(f"добавлена строка {line['position']} «{line['name']}» × {line['quantity']}")
    for line in diff["removed"]:
        parts.append(f"удалена строка {line['position']} «{line['name']}»")
    labels = {"quantity": "количество", "unit_price": "цена", "discount_percent": "скидка, %"}
    for line in diff["changed"]:
        what = ", ".join(
            f"{labels[key]} {line[key][0]} → {line[key][1]}" for key in labels if key in line
        )
        if what:
            parts.append(f"строка {line['position']} «{line['name']}»: {what}")
    return "; ".join(parts).capitalize() + "." if parts else ""


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value
