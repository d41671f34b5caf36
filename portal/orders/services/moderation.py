"""From submission to production: one service per verb of the workflow table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from portal.core.errors import DomainError

from .. import lines, notify, policies
from ..credit import check_credit
from ..models import EventKind, Order, OrderKind, OrderUnit
from ..numbering import next_number
from ..workflow import Party
from .common import follow, lock, locked_order, move, require

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


@transaction.atomic
def order_submit(*, actor: Actor, order_id: int, version: int | None = None) -> Order:
    """Send a draft to the seller: checks, the credit check, then the year's next number."""
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "submit")
    if not order.lines.exists():
        raise DomainError("В заказе нет ни одной строки.", field="lines")
    if not order.legal_entity.is_active or order.legal_entity.organisation_id != order.buyer_id:
        raise DomainError(
            "Юрлицо заказа больше не действует: выберите другое.", field="legal_entity"
        )
    credit = check_credit(order)
    if not credit.ok:
        raise DomainError(credit.message, field="credit")
    order.number = next_number()
    order.submitted_at = timezone.now()
    move(
        order,
        actor=actor,
        action="submit",
        kind=EventKind.SUBMITTED,
        text=credit.message,  # a «warn only» credit limit: the timeline keeps the warning
        fields=("number", "submitted_at"),
    )
    notify.submitted(order, warning=credit.message)
    # Not stored on the order: what the interface shows the buyer right after submitting.
    order.credit_warning = credit.message
    return order


@transaction.atomic
def order_ask_question(
    *, actor: Actor, order_id: int, text: str, version: int | None = None
) -> Order:
    text = _required(text, "Напишите вопрос.")
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "ask_question")
    move(order, actor=actor, action="ask_question", kind=EventKind.QUESTION, text=text)
    notify.question(order, text)
    return order


@transaction.atomic
def order_answer(*, actor: Actor, order_id: int, text: str, version: int | None = None) -> Order:
    text = _required(text, "Напишите ответ.")
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "answer")
    move(order, actor=actor, action="answer", kind=EventKind.ANSWER, text=text)
    notify.answered(order, text)
    return order


@transaction.atomic
def order_change_lines(
    *,
    actor: Actor,
    order_id: int,
    changes: list,
    comment: str = "",
    version: int | None = None,
) -> Order:
    """The moderator changes quantities, prices, discounts, adds or removes lines; the buyer
    sees exactly what changed (the event's diff) and must accept or answer."""
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "change_lines")
    diff = lines.apply_changes(order, changes, may_set_price=True)
    summary = lines.describe(diff)
    text = "\n".join(part for part in (summary, (comment or "").strip()) if part)
    move(
        order,
        actor=actor,
        action="change_lines",
        kind=EventKind.EDITED,
        text=text,
        data=diff,
        fields=("subtotal", "vat_total", "total"),
    )
    notify.changed(order, text)
    return order


@transaction.atomic
def order_accept_changes(*, actor: Actor, order_id: int, version: int | None = None) -> Order:
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "accept_changes")
    move(order, actor=actor, action="accept_changes", text="Покупатель принял изменения.")
    notify.answered(order, "Покупатель принял изменения.")
    return order


@transaction.atomic
def order_confirm(
    *, actor: Actor, order_id: int, comment: str = "", version: int | None = None
) -> Order:
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "confirm")
    order.confirmed_at = timezone.now()
    move(
        order,
        actor=actor,
        action="confirm",
        text=(comment or "").strip(),
        fields=("confirmed_at",),
    )
    notify.to_author(order, "order_confirmed", "подтверждён", (comment or "").strip())
    return order


@transaction.atomic
def order_reject(*, actor: Actor, order_id: int, reason: str, version: int | None = None) -> Order:
    reason = _required(reason, "Укажите причину отказа.", field="reason")
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "reject")
    order.rejection_reason = reason
    move(order, actor=actor, action="reject", text=reason, fields=("rejection_reason",))
    release_bundled(order)
    notify.to_author(order, "order_rejected", "отклонён", reason)
    return order


@transaction.atomic
def order_cancel(
    *, actor: Actor, order_id: int, reason: str = "", version: int | None = None
) -> Order:
    """The buyer cancels while the order is editable; after confirmation only the seller can
    (at the buyer's request). Otherwise the message says why not."""
    order = locked_order(actor, order_id, version=version)
    parties = policies.parties_of(actor, order)
    action = "cancel"
    if Party.BUYER not in parties and Party.MODERATOR in parties:
        action = "cancel_by_seller"
    require(actor, order, action)
    if order.bundled_into_id:
        raise DomainError(
            "Заказ уже передан на завод в составе заказа дилера и отменяется только вместе с ним."
        )
    move(order, actor=actor, action=action, text=(reason or "").strip())
    release_bundled(order)
    if action == "cancel_by_seller":
        notify.to_author(order, "order_cancelled", "отменён продавцом", (reason or "").strip())
    return order


@transaction.atomic
def order_hand_to_1c(
    *, actor: Actor, order_id: int, factory_number: str = "", version: int | None = None
) -> Order:
    """Confirmed → moderated: the order goes to 1C (the exchange picks up moderated orders)."""
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "hand_to_1c")
    order.handed_to_1c_at = timezone.now()
    fields = ["handed_to_1c_at"]
    if factory_number.strip():
        order.factory_number = factory_number.strip()[:64]
        fields.append("factory_number")
    move(order, actor=actor, action="hand_to_1c", fields=tuple(fields))
    return order


@transaction.atomic
def order_start_production(*, actor: Actor, order_id: int, version: int | None = None) -> Order:
    """Moderated → in production: every unit of the order gets its own record; the sub-dealer
    orders bundled into it follow."""
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "start_production")
    count = create_units(order)
    move(order, actor=actor, action="start_production", data={"units": count})
    for bundled in lock(order.bundled_orders.values_list("pk", flat=True)):
        follow(bundled, "follow_production", text="Заказ запущен в производство.")
    return order


def create_units(order: Order) -> int:
    """One unit per piece of a made-to-measure line (a configuration, or any line of a
    made-to-measure order); any other line travels as one lot, one unit record."""
    units = []
    for line in order.lines.all():
        origin = line.source_line_id
        if line.configuration is not None or order.kind == OrderKind.MADE_TO_MEASURE:
            pieces = int(line.quantity)
            units += [
                OrderUnit(line=line, origin_line_id=origin, number=n) for n in range(1, pieces + 1)
            ]
        else:
            units.append(
                OrderUnit(line=line, origin_line_id=origin, number=1, quantity=line.quantity)
            )
    OrderUnit.objects.bulk_create(units)
    return len(units)


def release_bundled(order: Order) -> None:
    """A dealer's order to the factory is cancelled or rejected: the sub-dealer orders in it go
    back to their dealer, confirmed, to be bundled again."""
    for bundled in lock(order.bundled_orders.values_list("pk", flat=True)):
        bundled.bundled_into = None
        bundled.save(update_fields=["bundled_into"])
        follow(bundled, "release", text="Дилер ещё не передал заказ на завод.")


def _required(text: str, message: str, *, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text
