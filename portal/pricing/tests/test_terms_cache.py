"""An organisation's pricing terms come from the cache between requests, and every change of a
term is seen by the very next price."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.catalog.tests import builders
from portal.pricing import services
from portal.pricing.models import DealerGroupDiscount, DealerPriceAssignment, Promotion
from portal.pricing.resolver import PriceBook, price_for

D = Decimal
TODAY = date(2026, 6, 15)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cat(world):
    class Cat:
        retail = builders.price_type("Розничная")
        doors = builders.group("Двери")

    cat = Cat()
    cat.door = builders.product("Дверь входная", group=cat.doors, prices={cat.retail: "30000"})
    return cat


def test_a_second_book_reads_no_terms(world, cat):
    PriceBook(organisation=world.dealer_a, on=TODAY)
    with CaptureQueriesContext(connection) as queries:
        book = PriceBook(organisation=world.dealer_a, on=TODAY)
    assert len(queries) == 0
    assert book.price_type == cat.retail


def test_terms_are_per_organisation_and_date(world, cat):
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=D("10"))
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("27000")
    assert price_for(organisation=world.dealer_b, offer=cat.door, on=TODAY).amount == D("30000")
    week = Promotion.objects.create(name="Неделя", starts_on=TODAY, ends_on=TODAY, percent=D("5"))
    week.groups.set([cat.doors])
    tomorrow = date(2026, 6, 16)
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount < D("27000")
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=tomorrow).amount == D("27000")


def test_a_term_saved_or_deleted_is_seen_at_once(world, cat):
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("30000")
    discount = DealerGroupDiscount.objects.create(
        dealer=world.dealer_a, group=cat.doors, percent=D("20")
    )
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("24000")
    discount.delete()
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("30000")


def test_a_promotions_groups_changed_are_seen_at_once(world, cat):
    windows = builders.group("Окна")
    promotion = Promotion.objects.create(
        name="Окна", starts_on=TODAY, ends_on=TODAY, percent=D("10")
    )
    promotion.groups.set([windows])
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("30000")
    promotion.groups.add(cat.doors)
    assert price_for(organisation=world.dealer_a, offer=cat.door, on=TODAY).amount == D("27000")


def test_a_change_through_the_service_is_seen_at_once(world, cat):
    price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY)
    services.markup_set(
        actor=world.actor("dealer_a_admin"), subdealer=None, group=None, percent=D("10")
    )
    assert price_for(organisation=world.sub_a1, offer=cat.door, on=TODAY).amount == D("33000")
