"""What every order service does first: fetch for the actor (404), lock, check the version,
the party and the status against the workflow table; then move the status and record it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.core.errors import DomainError, PermissionDenied

from .. import history, policies, workflow
from ..models import EventKind, Order
from ..selectors import order_get_for

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

CONFLICT = "Заказ уже изменил другой пользователь. Обновите страницу и повторите действие."


def locked_order(actor: Actor, order_id: int, *, version: int | None = None) -> Order:
    order_get_for(actor, order_id)  # 404 for missing and for not-yours
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("buyer", "seller", "author")
        .get(pk=order_id)
    )
    check_version(order, version)
    return order


def lock(order_ids) -> list[Order]:
    """Lock orders the portal changes on its own (bundled ones), in id order."""
    return list(
        Order.objects.select_for_update(of=("self",))
        .select_related("buyer", "seller", "author")
        .filter(pk__in=order_ids)
        .order_by("pk")
    )


def check_version(order: Order, version: int | None) -> None:
    if version is not None and int(version) != order.version:
        raise DomainError(CONFLICT, field="version", code="conflict")


def require(actor: Actor, order: Order, action: str) -> workflow.Transition:
    """The table allows ``action`` to this actor on this order now, or raise why not."""
    item = workflow.transition(action)
    if not workflow.applies(item, sold_by_factory=order.sold_by_factory):
        raise DomainError(f"Действие «{item.label}» не относится к этому заказу.")
    if item.party not in policies.parties_of(actor, order):
        who = "покупатель" if item.party == workflow.Party.BUYER else "продавец (модератор)"
        raise PermissionDenied(f"Действие «{item.label}» может выполнить только {who} заказа.")
    if order.status not in item.sources:
        raise DomainError(policies.refusal(actor, order, action), field="status", code="status")
    return item


def move(
    order: Order,
    *,
    actor: Actor | None,
    action: str,
    kind: str = EventKind.STATUS,
    text: str = "",
    data: dict | None = None,
    fields: tuple[str, ...] = (),
):
    """Set the status the table gives for ``action`` (already checked), bump the version, save
    ``fields`` too, and write the timeline and audit rows."""
    item = workflow.transition(action)
    source = order.status
    if item.target:
        order.status = item.target
    touch(order, *fields, "status")
    return history.record(
        order,
        actor=actor,
        kind=kind,
        action=action,
        from_status=source,
        to_status=order.status if item.target else "",
        text=text,
        data=data,
    )


def follow(order: Order, action: str, *, text: str) -> bool:
    """A status change the portal makes on its own (party «system»), when the table allows it
    from the order's current status. Returns whether the status moved."""
    item = workflow.transition(action)
    if item.party != workflow.Party.SYSTEM:
        raise ValueError(f"{action} is not a system transition")
    allowed = order.status in item.sources and workflow.applies(
        item, sold_by_factory=order.sold_by_factory
    )
    if allowed:
        move(order, actor=None, action=action, text=text)
    return allowed


def touch(order: Order, *fields: str) -> None:
    order.version += 1
    order.save(update_fields=sorted({*fields, "version", "updated_at"}))
