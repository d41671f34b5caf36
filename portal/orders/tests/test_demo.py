"""The demo orders: every status, a bundle, units part-way; a second run changes nothing."""

from decimal import Decimal

from django.utils import timezone

from portal.catalog.tests import builders
from portal.demo import configurator, organisations
from portal.demo import orders as demo_orders
from portal.orders.models import Order, OrderComment, OrderUnit
from portal.orders.workflow import OrderStatus, UnitStatus
from portal.pricing.models import SubdealerMarkup


def test_demo_orders_cover_every_status_and_are_idempotent(db):
    companies = organisations.build()
    configurator.build()
    base = builders.price_type("Оптовая")
    for n in range(4):
        builders.product(f"Дверь {n}", prices={base: f"{12000 + n * 1000}"}, article=f"DEMO-{n}")
    SubdealerMarkup.objects.create(dealer=companies["okna-pro"], percent=Decimal("15"))

    created = demo_orders.build(companies)
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    bundle = Order.objects.get(
        bundled_orders__isnull=False, bundled_orders__buyer=companies["himki"]
    )
    assert bundle.bundled_orders.count() == 2
    statuses = set(OrderUnit.objects.values_list("status", flat=True))
    assert {UnitStatus.IN_PRODUCTION, UnitStatus.READY, UnitStatus.IN_DELIVERY} <= statuses
    assert OrderComment.objects.exists()
    _placed_over_weeks_in_number_order()
    count = Order.objects.count()
    assert count == len(created)
    assert demo_orders.build(companies) == []
    assert Order.objects.count() == count


def test_without_offers_or_models_nothing_is_created(db):
    assert demo_orders.build(organisations.build()) == []
    assert not Order.objects.exists()


def test_configurator_windows_alone_tell_the_story(db):
    companies = organisations.build()
    configurator.build()
    demo_orders.build(companies)
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert not Order.objects.filter(buyer__kind="subdealer").exists()  # no prices set for them


def _placed_over_weeks_in_number_order():
    """The demo list reads like weeks of work: dates spread, numbers follow the dates, and
    every timeline entry of an order lies within its life."""
    submitted = list(
        Order.objects.filter(number__isnull=False)
        .order_by("number")
        .values_list("submitted_at", flat=True)
    )
    assert submitted == sorted(submitted)
    today = timezone.localdate()
    if today.timetuple().tm_yday > 40:  # early in January the demo stays within the year
        assert (today - timezone.localtime(submitted[0]).date()).days >= 30
    for order in Order.objects.prefetch_related("events"):
        assert all(event.at >= order.created_at for event in order.events.all()), order.number
