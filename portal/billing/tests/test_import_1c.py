"""1C reports payments in the order documents it sends back; importing twice changes nothing."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from portal.audit.models import AuditEvent
from portal.billing import ledger
from portal.billing.imports.onec import payments_import_1c
from portal.billing.models import (
    Allocation,
    Invoice,
    InvoiceSource,
    InvoiceStatus,
    LedgerEntry,
    Payment,
    PaymentSource,
)
from portal.billing.order_status import OrderPaymentState, order_payment_status
from portal.billing.services.invoices import invoice_issue_for_order
from portal.core.errors import DomainError, PermissionDenied

from .builders import order

FIXTURE = Path(__file__).parent / "fixtures" / "documents-example.xml"


def state():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Invoice, Payment, Allocation, LedgerEntry)
    ]


@pytest.fixture
def orders(world):
    """The portal orders 142 and 235 that the sample file pays (8 186,84 and 4 100,00)."""
    return {
        "142": order(world, number="142", lines=[("Вентилятор", "1", "8186.84", "18")]),
        "235": order(
            world,
            number="235",
            lines=[("Ботинки", "1", "3600", "18"), ("Доставка заказа", "1", "500", "18")],
        ),
    }


def run(world, path=FIXTURE, who="accountant"):
    return payments_import_1c(actor=world.actor(who), path=path, name=path.name)


def test_payments_of_the_sample_file_are_applied_to_their_orders(world, orders):
    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=orders["142"].pk)

    report = run(world)

    assert (report.created, report.unchanged, report.skipped) == (2, 0, [])
    first = Payment.objects.get(number="ТДЦУ-000001")
    assert (first.source, first.amount, first.date) == (
        PaymentSource.ONE_C,
        Decimal("8186.84"),
        date(2015, 6, 29),
    )
    assert first.external_id == "142:ТДЦУ-000001"
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.PAID
    # 235 had no invoice: one is made from the order under 1C's own number
    made = Invoice.objects.get(orders=orders["235"])
    assert (made.source, made.number, made.total) == (
        InvoiceSource.ONE_C,
        "ТДЦУ-000002",
        Decimal("4100.00"),
    )
    assert made.status == InvoiceStatus.PAID
    assert made.vat_total == Decimal("625.42")  # 549.15 + 76.27, as 1C printed it
    assert order_payment_status(orders["235"]).state == OrderPaymentState.PAID
    assert ledger.balance(world.legal_entities["dealer_a"].pk) == 0
    assert AuditEvent.objects.filter(action="payments_imported_1c").count() == 1


def test_importing_the_same_file_twice_changes_nothing(world, orders):
    run(world)
    before = state()
    report = run(world)
    assert (report.created, report.unchanged) == (0, 2)
    assert state() == before


def test_unknown_orders_are_reported_and_skipped(world):
    order(world, number="235", lines=[("Ботинки", "1", "4100", "18")])
    report = run(world)
    assert report.created == 1
    assert report.skipped == ["Документ «142» (строка 4): заказа с таким номером на портале нет."]


def test_a_broken_file_is_refused_with_its_line(world, orders, tmp_path):
    broken = tmp_path / "orders.xml"
    broken.write_bytes(FIXTURE.read_bytes()[:1500])
    with pytest.raises(DomainError, match=r"orders\.xml"):
        run(world, path=broken)
    assert not Payment.objects.exists()


def test_only_the_accountant_imports(world, orders):
    with pytest.raises(PermissionDenied):
        run(world, who="manager_a")
    assert not Payment.objects.exists()
