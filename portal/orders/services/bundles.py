"""A dealer bundles accepted sub-dealer orders (plus lines of its own) into one order to the
factory. The links are kept both ways: ``Order.bundled_into`` on each sub-dealer order, and
``OrderLine.source_line`` on each factory line, so units made for it are followed by the
sub-dealer through its own line. The new order is priced for the dealer; the sub-dealer's
prices stay on the sub-dealer's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from portal.core.errors import DomainError, PermissionDenied

from .. import lines, policies
from ..models import Order, OrderKind
from ..pricing import offer_get, offer_items
from .common import locked_order, move, require
from .drafts import new_draft

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


@transaction.atomic
def subdealer_orders_bundle(
    *,
    actor: Actor,
    order_ids: list[int],
    extra_lines: list[dict] = (),
    legal_entity_id: int | None = None,
    desired_delivery_date=None,
    colour: str = "",
) -> Order:
    """Returns the dealer's new draft to the factory; the dealer checks and submits it."""
    if not policies.can_bundle_orders(actor):
        raise PermissionDenied("Объединять заказы субдилеров могут сотрудники дилера.")
    if not order_ids:
        raise DomainError("Выберите заказы субдилеров.", field="orders")
    subs = []
    for order_id in sorted(set(order_ids)):
        sub = locked_order(actor, order_id)
        require(actor, sub, "bundle")
        subs.append(sub)
    sources = [line for sub in subs for line in sub.lines.select_related("offer__product")]
    made_to_measure = any(
        line.configuration is not None or sub.kind == OrderKind.MADE_TO_MEASURE
        for sub in subs
        for line in sub.lines.all()
    )
    buyers = {sub.buyer_id for sub in subs}
    order = new_draft(
        actor,
        kind=OrderKind.MADE_TO_MEASURE if made_to_measure else OrderKind.STANDARD,
        legal_entity_id=legal_entity_id,
        for_subdealer_id=buyers.pop() if len(buyers) == 1 else None,
        desired_delivery_date=desired_delivery_date,
        colour=colour,
        action="bundled",
        text="Заказ заводу из заказов субдилеров: " + ", ".join(str(s.number) for s in subs),
        data={"bundled": [sub.pk for sub in subs]},
    )
    for line in sources:
        lines.add_line(order, lines.reprice(order, line), line.quantity, source_line=line)
    for extra in extra_lines:
        offer = offer_get(extra["offer_id"])
        lines.add_line(order, offer_items(order.buyer, [offer])[offer.pk], extra["quantity"])
    lines.recompute_totals(order)
    order.save(update_fields=["subtotal", "vat_total", "total"])
    for sub in subs:
        sub.bundled_into = order
        move(
            sub,
            actor=actor,
            action="bundle",
            text="Дилер передал заказ на завод.",
            fields=("bundled_into",),
        )
    return order
