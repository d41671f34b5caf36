"""One cart per user: add, change, remove, and turn it into a draft order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from portal.audit.services import audit_record
from portal.catalog.configurator.selectors import snapshot_get_for
from portal.core.errors import DomainError, PermissionDenied

from .. import lines, policies
from ..models import Cart, CartLine, Order
from ..pricing import (
    configuration_item,
    configuration_of,
    offer_get,
    offer_items,
    parse_quantity,
)
from .drafts import new_draft
from .quick import QuickOrderResult, quick_lines_check

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def _cart(actor: Actor) -> Cart:
    if not policies.can_create_order(actor):
        raise PermissionDenied("Корзина есть у дилеров и субдилеров, которые оформляют заказы.")
    cart, _ = Cart.objects.select_for_update().get_or_create(user=actor.user)
    return cart


@transaction.atomic
def cart_add(
    *,
    actor: Actor,
    offer_id: int | None = None,
    snapshot_id: int | None = None,
    quantity: object = 1,
) -> CartLine:
    """Put an offer (the same offer again adds to its quantity) or a saved configuration."""
    cart = _cart(actor)
    if snapshot_id is not None:
        snapshot = snapshot_get_for(actor, snapshot_id)
        if snapshot.organisation_id != actor.organisation_id:
            raise DomainError("Эта конфигурация сохранена другой организацией.", field="snapshot")
        quantity = parse_quantity(quantity, whole=True, name=snapshot.product_model.name)
        line = CartLine.objects.create(cart=cart, configuration=snapshot, quantity=quantity)
    elif offer_id is not None:
        offer = offer_get(offer_id)
        item = offer_items(actor.organisation, [offer])[offer.pk]  # refuses withdrawn/no price
        quantity = parse_quantity(quantity, name=item.name)
        line = CartLine.objects.filter(cart=cart, offer=offer).first()
        if line is None:
            line = CartLine.objects.create(cart=cart, offer=offer, quantity=quantity)
        else:
            line.quantity = parse_quantity(line.quantity + quantity, name=item.name)
            line.save(update_fields=["quantity"])
    else:
        raise DomainError("Выберите товар или конфигурацию.", field="offer")
    cart.save(update_fields=["updated_at"])
    _audit_cart(actor, "cart_line_added", line)
    return line


@transaction.atomic
def cart_add_quick(*, actor: Actor, text: str) -> QuickOrderResult:
    """Quick-order lines into the cart: only the valid ones are added (an article already in
    the cart adds to its quantity); the result lists the refused lines with their numbers."""
    cart = _cart(actor)
    result = quick_lines_check(actor=actor, text=text)
    for _number, item, amount in result.valid:
        line = CartLine.objects.filter(cart=cart, offer=item.offer).first()
        if line is None:
            CartLine.objects.create(cart=cart, offer=item.offer, quantity=amount)
        else:
            line.quantity = parse_quantity(line.quantity + amount, name=item.name)
            line.save(update_fields=["quantity"])
    if result.valid:
        cart.save(update_fields=["updated_at"])
        audit_record(
            action="cart_quick_added",
            actor=actor,
            organisation=actor.organisation,
            changes={"lines": len(result.valid)},
        )
    return result


@transaction.atomic
def cart_update(*, actor: Actor, line_id: int, quantity: object) -> CartLine:
    cart = _cart(actor)
    line = _line(cart, line_id)
    line.quantity = parse_quantity(quantity, whole=line.configuration_id is not None)
    line.save(update_fields=["quantity"])
    _audit_cart(actor, "cart_line_changed", line)
    return line


@transaction.atomic
def cart_remove(*, actor: Actor, line_id: int) -> None:
    line = _line(_cart(actor), line_id)
    _audit_cart(actor, "cart_line_removed", line)
    line.delete()


@transaction.atomic
def cart_clear(*, actor: Actor) -> None:
    removed, _ = _cart(actor).lines.all().delete()
    if removed:
        audit_record(
            action="cart_cleared",
            actor=actor,
            organisation=actor.organisation,
            changes={"lines": removed},
        )


def _audit_cart(actor: Actor, action: str, line: CartLine) -> None:
    """Cart lines are drafts, yet still writes: one row each, with what and how much."""
    audit_record(
        action=action,
        actor=actor,
        organisation=actor.organisation,
        changes={
            "line": line.pk,
            "offer": line.offer_id,
            "configuration": line.configuration_id,
            "quantity": str(line.quantity),
        },
    )


def _line(cart: Cart, line_id: int) -> CartLine:
    line = cart.lines.filter(pk=line_id).first()
    if line is None:
        raise DomainError("Такой строки в корзине нет.", field="line")
    return line


@transaction.atomic
def order_create_from_cart(*, actor: Actor, **details) -> Order:
    """A draft with the cart's lines, priced now for the actor's company; the cart is emptied.
    A withdrawn or unpriced item stops it with a message naming the article."""
    cart = _cart(actor)
    cart_lines = list(cart.lines.select_related("offer__product", "configuration__product_model"))
    if not cart_lines:
        raise DomainError("Корзина пуста.")
    order = new_draft(actor, **details)
    offers = [line.offer for line in cart_lines if line.offer_id]
    items = offer_items(order.buyer, offers) if offers else {}
    for line in cart_lines:
        if line.offer_id:
            item = items[line.offer_id]
        else:
            item = configuration_item(order.buyer, configuration_of(line.configuration))
        lines.add_line(order, item, line.quantity)
    lines.recompute_totals(order)
    order.save(update_fields=["subtotal", "vat_total", "total"])
    cart.lines.all().delete()
    audit_record(
        action="cart_ordered",
        actor=actor,
        organisation=order.buyer,
        obj=order,
        changes={"lines": len(cart_lines)},
    )
    return order
