"""Portal numbers: sequential within a year, never repeated, never skipped; and two moderators
can't both act on one order (PostgreSQL). Many orders submitted at once: tests/concurrency/."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections, transaction
from django.utils import timezone

from portal.core.errors import DomainError
from portal.orders import services
from portal.orders.numbering import next_number
from portal.orders.workflow import OrderStatus
from tests.concurrency.helpers import postgres_only

from .conftest import reload, submitted


def test_numbers_are_sequential_within_the_year(world, shop):
    year = timezone.localdate().year
    numbers = [submitted(world, "dealer_a_employee", [(shop.door, "1")]).number for _ in range(3)]
    assert numbers == [f"{year}-000001", f"{year}-000002", f"{year}-000003"]


def test_a_draft_has_no_number_and_a_refused_submission_uses_none(world, shop):
    year = timezone.localdate().year
    empty = services.order_create(actor=world.actor("dealer_a_employee"))
    assert empty.number is None
    with pytest.raises(DomainError, match="нет ни одной строки"):
        services.order_submit(actor=world.actor("dealer_a_employee"), order_id=empty.pk)
    assert reload(empty).number is None
    assert submitted(world, "dealer_b_admin", [(shop.door, "1")]).number == f"{year}-000001"


def test_each_year_counts_from_one(db):
    with transaction.atomic():
        assert next_number(2031) == "2031-000001"
        assert next_number(2032) == "2032-000001"
        assert next_number(2031) == "2031-000002"


def _in_thread(function):
    """Run in a worker thread with its own connection, closed afterwards."""

    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_moderators_at_once_exactly_one_succeeds(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    manager, admin = world.actor("manager_a"), world.actor("factory_admin")
    barrier = threading.Barrier(2)

    @_in_thread
    def act(which):
        barrier.wait()
        try:
            if which == "confirm":
                services.order_confirm(actor=manager, order_id=order.pk)
            else:
                services.order_reject(actor=admin, order_id=order.pk, reason="Нет мощностей")
        except DomainError as error:
            return ("refused", which, error.message)
        return ("done", which, "")

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(act, ["confirm", "reject"]))
    done = [r for r in results if r[0] == "done"]
    assert len(done) == 1, results
    expected = OrderStatus.CONFIRMED if done[0][1] == "confirm" else OrderStatus.REJECTED
    order = reload(order)
    assert order.status == expected
    assert order.events.filter(kind="status").count() == 1
