"""Orders on the home page: what waits for whom, counts by status, units on their way.

At a big factory (a million orders) any exact count or sum over "all the orders" takes a second,
so every figure here is bounded: counts stop at ``counts.CAP`` («более 1 000»), lists take the
first rows of an index order, shipments are those of this month, units on the road are found
through the orders that are partially shipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from portal.orders.models import Order, OrderEvent, OrderUnit, UnitEvent
from portal.orders.selectors import moderation_queue
from portal.orders.workflow import OrderStatus, UnitStatus

from .counts import Tally, tallies

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

S = OrderStatus
# The buyer's statuses worth a line on the home page, the one that needs the buyer first.
ACTIVE_STATUSES = (
    S.AWAITING_ANSWER,
    S.DRAFT,
    S.ON_MODERATION,
    S.CONFIRMED,
    S.MODERATED,
    S.IN_PRODUCTION,
    S.PARTIALLY_SHIPPED,
)
# Submitted and not finished yet.
OPEN_STATUSES = tuple(status for status in ACTIVE_STATUSES if status != S.DRAFT)
IN_WORK = (S.IN_PRODUCTION, S.PARTIALLY_SHIPPED)
# Seven counts of a company's own orders: «более 100» is enough on a home page (the list
# filtered by the status, one click away, says how many), and a big dealer's thousands of
# orders in one status are not read on every visit.
STATUS_CAP = 100


def orders_url(*statuses: str) -> str:
    """The order list filtered to ``statuses``."""
    query = urlencode([("status", status) for status in statuses])
    return f"{reverse('orders:list')}?{query}" if query else reverse("orders:list")


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: Tally

    @property
    def label(self) -> str:
        return OrderStatus(self.status).label

    @property
    def url(self) -> str:
        return orders_url(self.status)

    @property
    def needs_action(self) -> bool:
        return self.status == S.AWAITING_ANSWER


def own_orders_by_status(actor: Actor) -> list[StatusCount]:
    """The orders the actor's company placed, counted by status up to ``STATUS_CAP`` (one
    query, each count an index range of (buyer, status)); finished ones left out, «awaiting
    answer» first, statuses without orders left out."""
    own = Order.objects.visible_to(actor).filter(buyer_id=actor.organisation_id)
    counts = tallies(
        {status: own.filter(status=status) for status in ACTIVE_STATUSES}, cap=STATUS_CAP
    )
    return [StatusCount(status, counts[status]) for status in ACTIVE_STATUSES if counts[status]]


def awaiting_answer(actor: Actor, *, limit: int = 5) -> list[Order]:
    """The company's orders where the seller asked a question or changed the lines: the buyer
    must answer or accept, longest waiting first."""
    return list(
        Order.objects.visible_to(actor)
        .filter(buyer_id=actor.organisation_id, status=S.AWAITING_ANSWER)
        .select_related("seller")
        .order_by("updated_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class Queue:
    count: Tally
    oldest: list[Order]  # each with ``waiting_since``

    @property
    def first_waiting_since(self) -> datetime | None:
        return self.oldest[0].waiting_since if self.oldest else None

    @property
    def has_more(self) -> bool:
        return self.count.value > len(self.oldest)


def moderation_preview(actor: Actor, *, limit: int = 5) -> Queue:
    """The actor's moderation queue: its size (up to the cap) and its first ``limit`` orders,
    oldest submission first — the queue page's index order (two queries). The wait shown is
    since the order last came (back) to moderation, computed for those rows only."""
    since = (
        OrderEvent.objects.filter(order=OuterRef("pk"), to_status=S.ON_MODERATION)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    queue = moderation_queue(actor)
    oldest = list(
        queue.annotate(waiting_since=Coalesce(Subquery(since), F("submitted_at")))[:limit]
    )
    return Queue(count=tallies({"queue": queue})["queue"], oldest=oldest)


def factory_figures(actor: Actor) -> dict[str, Tally]:
    """Orders sold by the factory that the actor sees, by stage, each counted up to the cap
    (one query; each count an index range of (seller, status, submitted_at))."""
    orders = Order.objects.visible_to(actor)
    return tallies(
        {
            "awaiting_answer": orders.filter(status=S.AWAITING_ANSWER),
            "confirmed": orders.filter(status=S.CONFIRMED),
            "in_production": orders.filter(status__in=IN_WORK),
        }
    )


def month_start() -> datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today.replace(day=1), time.min))


def shipped_since(actor: Actor, since: datetime) -> dict:
    """How many pieces of the actor's orders were sent on their way since ``since`` (a unit
    is one made-to-measure piece or a whole batch line), and of how many orders (one query)."""
    shipped = UnitEvent.objects.filter(
        to_status=UnitStatus.IN_DELIVERY,
        at__gte=since,
        unit__in=OrderUnit.objects.visible_to(actor),
    )
    figures = shipped.aggregate(
        pieces=Sum("unit__quantity"), orders=Count("unit__line__order", distinct=True)
    )
    return {"pieces": figures["pieces"] or Decimal("0"), "orders": figures["orders"]}


@dataclass(frozen=True)
class Delivery:
    order_id: int
    number: str
    pieces: Decimal


def units_in_delivery(actor: Actor, *, orders: int = 20) -> list[Delivery]:
    """Units on their way among the company's ``orders`` partially shipped orders that changed
    last (one query): each order with how many pieces, by number. A sub-dealer follows its
    units through its own lines (``origin_line``), never the dealer's order.

    An order with a unit on the road is partially shipped (``services.units.sync_status``:
    some units left the factory, not all arrived) and was touched when they left, so its
    units are looked for among the latest partially shipped orders — an index range of
    (buyer, status, updated_at) — instead of every partially shipped order of a big dealer
    (thousands, with their lines and units); the block links to all of them."""
    order = "origin_line__order" if actor.is_subdealer else "line__order"
    latest = (
        Order.objects.visible_to(actor)
        .filter(buyer_id=actor.organisation_id, status=S.PARTIALLY_SHIPPED)
        .order_by("-updated_at", "-pk")
        .values("pk")[:orders]
    )
    rows = (
        OrderUnit.objects.filter(status=UnitStatus.IN_DELIVERY, **{f"{order}__in": latest})
        .values(order_pk=F(f"{order}_id"), order_number=F(f"{order}__number"))
        .annotate(pieces=Sum("quantity"))
        .order_by("order_number")
    )
    return [Delivery(row["order_pk"], row["order_number"], row["pieces"]) for row in rows]
