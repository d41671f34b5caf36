"""Reads of orders for one actor. Getting one answers 404 for missing and not-visible alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Order, OrderEvent, OrderLine, OrderUnit

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def order_get_for(actor: Actor, order_id: int) -> Order:
    return get_object_or_404(
        Order.objects.visible_to(actor).select_related(
            "buyer", "seller", "legal_entity", "author", "for_subdealer"
        ),
        pk=order_id,
    )


def order_lines(order: Order) -> QuerySet[OrderLine]:
    return order.lines.select_related("offer").order_by("position")


def order_events(order: Order) -> QuerySet[OrderEvent]:
    return order.events.select_related("user").order_by("at", "id")


def order_units(actor: Actor, order_id: int) -> QuerySet[OrderUnit]:
    """Units of one of the actor's orders. A sub-dealer reaches them through its own lines
    (``origin_line``); the factory's line of a bundled unit is never joined here."""
    order = order_get_for(actor, order_id)
    return (
        OrderUnit.objects.of_order(order)
        .select_related("origin_line" if order.bundled_into_id else "line")
        .order_by("pk")
    )


def unit_get_for(actor: Actor, unit_id: int) -> tuple[OrderUnit, Order]:
    """The unit (404 when missing or not visible) and the order to show it under: the order it
    was made for when the actor sees that one, else the sub-dealer's own order it came from."""
    unit = get_object_or_404(OrderUnit.objects.visible_to(actor), pk=unit_id)
    made_for, origin = (
        OrderUnit.objects.filter(pk=unit_id)
        .values_list("line__order_id", "origin_line__order_id")
        .get()
    )
    visible = Order.objects.visible_to(actor).select_related("buyer", "seller")
    order = visible.filter(pk=made_for).first() or visible.filter(pk=origin).first()
    if order is None:
        raise Http404
    return unit, order


def unit_display_line(unit: OrderUnit, order: Order) -> OrderLine:
    """The line to show next to a unit on ``order``'s page: the sub-dealer's own line when the
    unit is followed from a bundled sub-dealer order, else the line it is produced for."""
    if unit.origin_line_id and unit.origin_line.order_id == order.pk:
        return unit.origin_line
    return unit.line


def moderation_queue(actor: Actor) -> QuerySet[Order]:
    """Orders waiting for this moderator, oldest first (their wait is now − submitted_at)."""
    queue = Order.objects.visible_to(actor).filter(seller_id=actor.organisation_id)
    return queue.moderation_queue().select_related("buyer", "author", "legal_entity")
