"""Real concurrency on PostgreSQL: money services queue on the buyer's row lock."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from portal.billing import ledger
from portal.billing.imports.onec import payments_import_1c
from portal.billing.models import Allocation, Invoice, InvoiceStatus, LedgerEntry, Payment
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_allocate, payment_register
from tests.concurrency.helpers import postgres_only, run_together

from .builders import order
from .test_import_1c import documents_file

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


def wait_until_another_backend_waits_for_a_lock(timeout: float = 30) -> None:
    """Poll until some other connection to this database is blocked on a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else cached per transaction
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise TimeoutError(f"no other connection waited for a lock within {timeout} s")


def test_one_1c_number_for_two_buyers_imported_at_once_skips_the_later(world, tmp_path):
    """Imports lock only their buyer, so both pass the number check; the later one waits on the
    unique index until the first commits, and must then skip its document with the reason."""
    order_a = order(world, buyer="dealer_a", lines=[("Дверь", "1", "1000.00", "20")])
    order_b = order(world, buyer="dealer_b", lines=[("Окно", "1", "2400.00", "20")])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    file_a = documents_file(
        tmp_path / "a",
        {"id": "d-a", "order": order_a.number, "number_1c": "ЗФ-000009", "amount": "1000.00"},
    )
    file_b = documents_file(
        tmp_path / "b",
        {"id": "d-b", "order": order_b.number, "number_1c": "ЗФ-000009", "amount": "2400.00"},
    )
    accountant = world.actor("accountant")
    inserted = threading.Event()

    def first():
        with transaction.atomic():  # the invoice stays uncommitted until the second waits
            report = payments_import_1c(actor=accountant, path=file_a, name=file_a.name)
            inserted.set()
            wait_until_another_backend_waits_for_a_lock()
        return report

    def second():
        assert inserted.wait(timeout=30)
        return payments_import_1c(actor=accountant, path=file_b, name=file_b.name)

    outcome_a, outcome_b = run_together([first, second])

    assert outcome_a.ok and outcome_b.ok, (outcome_a.error, outcome_b.error)
    assert (outcome_a.result.created, outcome_a.result.skipped) == (1, [])
    [reason] = outcome_b.result.skipped
    assert reason.startswith(f"Документ «{order_b.number}» (строка ")
    assert "номер счёта «ЗФ-000009»" in reason and "Ид в 1С «d-a»" in reason
    assert outcome_b.result.created == 0
    assert list(Invoice.objects.filter(number="ЗФ-000009").values_list("external_id")) == [("d-a",)]
    assert not Payment.objects.filter(external_id__startswith="d-b:").exists()
