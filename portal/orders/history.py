"""Every write to an order leaves a timeline row (OrderEvent) and an audit row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.audit.services import audit_record

from .models import EventKind, Order, OrderEvent

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def record(
    order: Order,
    *,
    actor: Actor | None,
    kind: str,
    action: str,
    from_status: str = "",
    to_status: str = "",
    text: str = "",
    data: dict | None = None,
) -> OrderEvent:
    """``actor=None`` is the portal itself (a status following units or a bundle)."""
    event = OrderEvent.objects.create(
        order=order,
        user=actor.user if actor else None,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        text=text,
        data=data or {},
    )
    changes = {"kind": kind}
    if to_status:
        changes["status"] = [from_status, to_status]
    if data:
        changes["data"] = data
    if text:
        changes["text"] = text[:500]
    audit_record(
        action=f"order_{action}",
        actor=actor,
        organisation=order.buyer,
        obj=order,
        changes=changes,
    )
    return event


__all__ = ["EventKind", "record"]
