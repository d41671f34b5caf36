"""Orders on the home page: what waits for whom, counts by status, units on their way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from portal.orders.models import Order, OrderEvent, OrderUnit, UnitEvent
from portal.orders.selectors import moderation_queue
from portal.orders.workflow import OrderStatus, UnitStatus

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


def orders_url(*statuses: str) -> str:
    """The order list filtered to ``statuses``."""
    query = urlencode([("status", status) for status in statuses])
    return f"{reverse('orders:list')}?{query}" if query else reverse("orders:list")


@dataclass(frozen=True)
class StatusCount:
    status: str
    count: int

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
    """The orders the actor's company placed, counted by status (one query); finished ones
    left out, «awaiting answer» first, statuses without orders left out."""
    counts = dict(
        Order.objects.visible_to(actor)
        .filter(buyer_id=actor.organisation_id, status__in=ACTIVE_STATUSES)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [StatusCount(status, counts[status]) for status in ACTIVE_STATUSES if status in counts]


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
    count: int
    oldest: list[Order]  # each with ``waiting_since``

    @property
    def first_waiting_since(self) -> datetime | None:
        return self.oldest[0].waiting_since if self.oldest else None


def moderation_preview(actor: Actor, *, limit: int = 5) -> Queue:
    """The actor's moderation queue: its size and the ``limit`` orders waiting longest (two
    queries). An order waits since it last came (back) to moderation, as on the queue page."""
    since = (
        OrderEvent.objects.filter(order=OuterRef("pk"), to_status=S.ON_MODERATION)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    queue = moderation_queue(actor).annotate(
        waiting_since=Coalesce(Subquery(since), F("submitted_at"))
    )
    oldest = list(queue.order_by("waiting_since", "pk")[:limit])
    return Queue(count=queue.count(), oldest=oldest)


def factory_figures(actor: Actor) -> dict[str, int]:
    """Orders sold by the factory that the actor sees, by stage (one query)."""
    return Order.objects.visible_to(actor).aggregate(
        on_moderation=Count("pk", filter=Q(status=S.ON_MODERATION)),
        awaiting_answer=Count("pk", filter=Q(status=S.AWAITING_ANSWER)),
        confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
        in_production=Count("pk", filter=Q(status__in=IN_WORK)),
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


def units_in_delivery(actor: Actor) -> list[Delivery]:
    """The actor's orders with units on their way, and how many pieces (one query). A
    sub-dealer follows its units through its own lines (``origin_line``), never the dealer's
    order."""
    order = "origin_line__order" if actor.is_subdealer else "line__order"
    rows = (
        OrderUnit.objects.visible_to(actor)
        .filter(status=UnitStatus.IN_DELIVERY)
        .values(order_pk=F(f"{order}_id"), order_number=F(f"{order}__number"))
        .annotate(pieces=Sum("quantity"))
        .order_by("order_number")
    )
    return [Delivery(row["order_pk"], row["order_number"], row["pieces"]) for row in rows]
