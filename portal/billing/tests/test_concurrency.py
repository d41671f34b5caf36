"""Real concurrency on PostgreSQL: money services queue on the buyer's row lock."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone

from portal.billing import ledger
from portal.billing.imports.onec import payments_import_1c
from portal.billing.models import Allocation, Invoice, InvoiceStatus, LedgerEntry, Payment
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_allocate, payment_register
from tests.concurrency.helpers import postgres_only

from .builders import order

pytestmark = [pytest.mark.postgres, postgres_only, pytest.mark.django_db(transaction=True)]

FIXTURE = Path(__file__).parent / "fixtures" / "documents-example.xml"


def in_thread(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


def test_two_payments_applied_to_one_invoice_at_once(world):
    made = order(world, lines=[("Окно", "1", "1000.00", "20")])
    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    entity = world.legal_entities["dealer_a"]
    accountant = world.actor("accountant")
    # two advances first (no open invoice would take them... so park the invoice meanwhile)
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.CANCELLED)
    payments = [
        payment_register(
            actor=accountant, payer_id=entity.pk, amount=Decimal(a), on=timezone.localdate()
        )
        for a in ("700", "600")
    ]
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.ISSUED)
    barrier = threading.Barrier(2)

    @in_thread
    def apply(payment_id):
        barrier.wait()
        return payment_allocate(actor=accountant, payment_id=payment_id)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(apply, [p.pk for p in payments]))

    invoice.refresh_from_db()
    allocated = sorted(Allocation.objects.values_list("amount", flat=True))
    assert sum(allocated) == Decimal("1000.00") == invoice.paid_amount
    assert allocated in (
        [Decimal("300.00"), Decimal("700.00")],
        [Decimal("400.00"), Decimal("600.00")],
    )
    assert invoice.status == InvoiceStatus.PAID
    assert ledger.balance(entity.pk) == Decimal("1000.00") - Decimal("1300.00")


def test_two_payments_registered_at_once_for_one_invoice(world):
    made = order(world, lines=[("Окно", "1", "1000.00", "20")])
    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    entity = world.legal_entities["dealer_a"]
    accountant = world.actor("accountant")
    barrier = threading.Barrier(2)

    @in_thread
    def register(amount):
        barrier.wait()
        return payment_register(
            actor=accountant, payer_id=entity.pk, amount=Decimal(amount), on=timezone.localdate()
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(register, ["600", "600"]))

    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("1000.00") and invoice.status == InvoiceStatus.PAID
    assert ledger.balance(entity.pk) == Decimal("-200.00")


def test_the_same_1c_payment_applied_32_times_at_once_counts_once(world):
    order(world, number="142", lines=[("Вентилятор", "1", "8186.84", "18")])
    order(world, number="235", lines=[("Ботинки", "1", "4100", "18")])
    accountant = world.actor("accountant")
    barrier = threading.Barrier(32)

    @in_thread
    def run(_):
        barrier.wait()
        return payments_import_1c(actor=accountant, path=FIXTURE, name=FIXTURE.name).created

    with ThreadPoolExecutor(max_workers=32) as pool:
        created = list(pool.map(run, range(32)))

    assert sum(created) == 2
    assert Payment.objects.count() == 2
    assert Invoice.objects.count() == 2
    assert LedgerEntry.objects.count() == 4
    assert ledger.balance(world.legal_entities["dealer_a"].pk) == 0
