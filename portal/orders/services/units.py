"""Units move one step at a time, in bulk; the orders they belong to follow them.

``order_id`` is the order the units are produced for (for bundled sub-dealer lines: the
dealer's order to the factory). Its seller marks units ready and ships them; its buyer marks
them received and sold. Sub-dealer orders whose lines the units came from follow too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from portal.core.errors import DomainError, PermissionDenied

from .. import history, notify, policies, workflow
from ..models import EventKind, Order, OrderUnit, UnitEvent
from ..workflow import ARRIVED, LEFT_FACTORY, russian_unit_status
from .common import follow, lock, locked_order, touch

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

VERBS = {
    "ready": ("Готово изделий", "отметить готовыми"),
    "ship": ("Отгружено изделий", "отгрузить"),
    "receive": ("Получено изделий", "отметить полученными"),
    "sell": ("Продано изделий", "отметить проданными"),
}
NOTIFY = {"ready": "units_ready", "ship": "units_shipped"}


@transaction.atomic
def units_mark_ready(*, actor: Actor, order_id: int, unit_ids: list[int]) -> list[OrderUnit]:
    return _step(actor=actor, order_id=order_id, unit_ids=unit_ids, step="ready")


@transaction.atomic
def units_ship(
    *, actor: Actor, order_id: int, unit_ids: list[int], shipment_document: str
) -> list[OrderUnit]:
    """Ship the ready units (four of five may go) under one shipment document."""
    document = (shipment_document or "").strip()[:64]
    if not document:
        raise DomainError("Укажите номер документа отгрузки.", field="shipment_document")
    return _step(actor=actor, order_id=order_id, unit_ids=unit_ids, step="ship", document=document)


@transaction.atomic
def units_receive(*, actor: Actor, order_id: int, unit_ids: list[int]) -> list[OrderUnit]:
    return _step(actor=actor, order_id=order_id, unit_ids=unit_ids, step="receive")


@transaction.atomic
def units_mark_sold(*, actor: Actor, order_id: int, unit_ids: list[int]) -> list[OrderUnit]:
    return _step(actor=actor, order_id=order_id, unit_ids=unit_ids, step="sell")


def _step(
    *, actor: Actor, order_id: int, unit_ids: list[int], step: str, document: str = ""
) -> list[OrderUnit]:
    order = locked_order(actor, order_id)
    source, target, _party = workflow.UNIT_STEPS[step]
    if not policies.can_move_units(actor, order, step):
        raise PermissionDenied(f"Изделия этого заказа {VERBS[step][1]} вы не можете.")
    wanted = set(unit_ids or [])
    if not wanted:
        raise DomainError("Выберите изделия.", field="units")
    units = list(
        OrderUnit.objects.select_for_update(of=("self",))
        .select_related("line")
        .filter(line__order=order, pk__in=wanted)
        .order_by("pk")
    )
    if len(units) != len(wanted):
        raise DomainError("Некоторых из выбранных изделий нет в этом заказе.", field="units")
    for unit in units:
        if unit.status != source:
            raise DomainError(
                f"Изделие {unit.number} («{unit.line.name}») — «{russian_unit_status(unit.status)}»: "
                f"{VERBS[step][1]} можно только изделия в статусе «{russian_unit_status(source)}».",
                field="units",
            )
    for unit in units:
        unit.status = target
        if document:
            unit.shipment_document = document
    OrderUnit.objects.bulk_update(units, ["status", "shipment_document", "updated_at"])
    UnitEvent.objects.bulk_create(
        UnitEvent(
            unit=unit,
            user=actor.user,
            from_status=source,
            to_status=target,
            shipment_document=document,
        )
        for unit in units
    )
    _record(order, actor=actor, step=step, units=units, document=document)
    origins = dict(
        OrderUnit.objects.filter(
            pk__in=[u.pk for u in units], origin_line__isnull=False
        ).values_list("pk", "origin_line__order_id")
    )
    followers = lock(set(origins.values()) - {order.pk})
    for bundled in followers:
        own = [u for u in units if origins.get(u.pk) == bundled.pk]
        _record(bundled, actor=None, step=step, units=own, document=document)
    return units


def _record(
    order: Order, *, actor: Actor | None, step: str, units: list[OrderUnit], document: str
) -> None:
    """Timeline, version, status and notification of one order whose units moved."""
    text = f"{VERBS[step][0]}: {len(units)}"
    if document:
        text += f", документ отгрузки № {document}"
    data = {"step": step, "units": [u.pk for u in units], "document": document}
    history.record(
        order, actor=actor, kind=EventKind.UNITS, action=f"units_{step}", text=text, data=data
    )
    touch(order)
    sync_status(order)
    if step in NOTIFY:
        notify.units(order, kind=NOTIFY[step], count=len(units))


def sync_status(order: Order) -> None:
    """The order follows its units: partially shipped once some have left the factory,
    completed when all are at the dealer (or sold)."""
    statuses = list(OrderUnit.objects.of_order(order).values_list("status", flat=True))
    if not statuses:
        return
    if all(status in ARRIVED for status in statuses):
        follow(order, "units_arrived", text="Все изделия у дилера.")
    elif any(status in LEFT_FACTORY for status in statuses):
        follow(order, "units_left", text="Часть изделий отгружена.")
