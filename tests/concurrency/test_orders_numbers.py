"""200 orders of one dealer created and submitted at once get 200 different portal numbers,
without gaps, each written once (PostgreSQL: the year's counter row queues them)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from portal.orders import services
from portal.orders.models import Order, OrderEvent, OrderNumberCounter
from portal.orders.models.events import EventKind
from portal.orders.workflow import OrderStatus

from .helpers import postgres_only, run_together

WORKERS = 40  # own connections at once; the server's other users keep their share
ORDERS_EACH = 5  # 40 × 5 = 200 orders


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_hundred_orders_created_at_once_get_two_hundred_numbers(world, shop):
    people = [world.actor("dealer_a_employee"), world.actor("dealer_a_admin")]

    def create_and_submit(worker: int):
        def run():
            numbers = []
            for piece in range(ORDERS_EACH):
                actor = people[(worker + piece) % 2]
                made = services.order_create_quick(actor=actor, text="DV-100 1\nFT-1 2").order
                numbers.append(services.order_submit(actor=actor, order_id=made.pk).number)
            return numbers

        return run

    outcomes = run_together([create_and_submit(worker) for worker in range(WORKERS)])

    assert [o.error for o in outcomes if not o.ok] == []
    numbers = [number for outcome in outcomes for number in outcome.result]
    year = timezone.localdate().year
    assert sorted(numbers) == [f"{year}-{n:06d}" for n in range(1, WORKERS * ORDERS_EACH + 1)]
    orders = Order.objects.filter(buyer=world.dealer_a)
    assert orders.count() == 200
    assert set(orders.values_list("status", flat=True)) == {OrderStatus.ON_MODERATION}
    assert sorted(orders.values_list("number", flat=True)) == sorted(numbers)
    assert OrderNumberCounter.objects.get(year=year).last == 200
    submitted = OrderEvent.objects.filter(kind=EventKind.SUBMITTED)
    assert submitted.count() == 200
    assert submitted.values("order").distinct().count() == 200
