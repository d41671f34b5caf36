"""The home page's capped counts: exact up to the cap, «более …» beyond it, through the access
layer, several in one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.orders.models import Order
from portal.web.dashboard.counts import Tally, tallies

from .orders_helpers import build_shop, submitted


def test_counts_are_exact_up_to_the_cap_and_capped_beyond(world):
    shop = build_shop()
    for _ in range(3):
        submitted(world, "dealer_a_employee", [(shop.door, "1")])
    submitted(world, "dealer_b_admin", [(shop.door, "1")])
    own = Order.objects.visible_to(world.actor("dealer_a_admin"))
    with CaptureQueriesContext(connection) as captured:
        counts = tallies({"three": own, "none": own.filter(status="confirmed")}, cap=3)
    assert len(captured) == 1
    # dealer B's order is not dealer A's to count
    assert counts["three"] == Tally(3, cap=3) and not counts["three"].is_capped
    assert str(counts["three"]) == "3"
    assert counts["none"].value == 0 and not counts["none"]
    capped = tallies({"orders": own}, cap=2)["orders"]
    assert capped.is_capped and capped.value == 3
    assert str(capped) == "более 2"


def test_nothing_to_count_costs_no_rows(world):
    nothing = Order.objects.none()
    assert tallies({"nothing": nothing})["nothing"].value == 0
    assert tallies({}) == {}


def test_big_counts_are_grouped_by_thousands():
    assert str(Tally(1001)) == "более 1\xa0000"
    assert str(Tally(999)) == "999"
