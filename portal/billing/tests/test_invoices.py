"""Issuing and cancelling invoices: numbers, snapshot lines, ledger, e-mail with the PDF."""

from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.billing import ledger
from portal.billing.models import Invoice, InvoiceStatus, LedgerEntry, LedgerKind
from portal.billing.services.invoices import invoice_cancel, invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.core.errors import DomainError, PermissionDenied
from portal.orders.workflow import OrderStatus

from .builders import order


def issue(world, who="accountant", **kwargs):
    made = kwargs.pop("made", None) or order(world, **kwargs)
    return invoice_issue_for_order(actor=world.actor(who), order_id=made.pk)


def test_issue_copies_the_order_snapshot_and_moves_the_balance(world):
    made = order(
        world,
        lines=[("Дверь", "2", "10000.00", "20"), ("Ручка", "3", "150.50", "20")],
    )
    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)

    assert invoice.number == "П-000001"
    assert (invoice.supplier, invoice.buyer) == (
        world.legal_entities["factory"],
        world.legal_entities["dealer_a"],
    )
    assert invoice.total == made.total == Decimal("20451.50")
    assert invoice.vat_total == Decimal("3333.33") + Decimal("75.25")  # per line, half-up
    assert [(line.name, line.quantity, line.price) for line in invoice.lines.all()] == [
        ("Дверь", Decimal("2.000"), Decimal("10000.00")),
        ("Ручка", Decimal("3.000"), Decimal("150.50")),
    ]
    assert list(invoice.orders.all()) == [made]
    assert invoice.status == InvoiceStatus.ISSUED
    assert invoice.due_date > invoice.date
    assert ledger.balance(world.legal_entities["dealer_a"].pk) == invoice.total
    entry = LedgerEntry.objects.get(invoice=invoice)
    assert entry.kind == LedgerKind.INVOICE
    assert AuditEvent.objects.filter(action="invoice_issued", object_id=str(invoice.pk)).exists()


def test_numbers_run_per_supplier_and_year_without_gaps(world):
    numbers = [issue(world).number for _ in range(3)]
    assert numbers == ["П-000001", "П-000002", "П-000003"]
    with pytest.raises(DomainError):
        issue(world, status=OrderStatus.ON_MODERATION)  # refused: takes no number
    assert issue(world).number == "П-000004"


def test_the_buyers_accountants_get_the_pdf_by_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice = issue(world)
    [mail] = mailoutbox
    assert mail.to == ["dealer_a_accountant@example.test"]
    assert invoice.number in mail.subject
    [(filename, content, mimetype)] = mail.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert filename.endswith(".pdf")


@pytest.mark.parametrize(
    "status", [OrderStatus.ON_MODERATION, OrderStatus.CANCELLED, OrderStatus.REJECTED]
)
def test_only_a_confirmed_or_later_order_is_invoiced(world, status):
    made = order(world, status=status)
    with pytest.raises(DomainError, match="подтверждённому заказу"):
        invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    assert not Invoice.objects.exists() and not LedgerEntry.objects.exists()


def test_an_order_is_invoiced_once(world):
    made = order(world)
    invoice_issue_for_order(actor=world.actor("manager_a"), order_id=made.pk)
    with pytest.raises(DomainError, match="уже выставлен"):
        invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    assert Invoice.objects.count() == 1


def test_who_may_issue(world):
    made = order(world)
    for who in ("dealer_a_admin", "dealer_a_accountant"):
        with pytest.raises(PermissionDenied):
            invoice_issue_for_order(actor=world.actor(who), order_id=made.pk)
    for who in ("manager_b", "dealer_b_admin", "sub_a1_admin"):
        with pytest.raises(Http404):
            invoice_issue_for_order(actor=world.actor(who), order_id=made.pk)
    assert not Invoice.objects.exists()
    assert invoice_issue_for_order(actor=world.actor("factory_admin"), order_id=made.pk)


def test_cancel_reverses_the_ledger_and_frees_the_payment_as_advance(world):
    invoice = issue(world)
    entity = world.legal_entities["dealer_a"]
    payment = payment_register(
        actor=world.actor("accountant"),
        payer_id=entity.pk,
        amount=Decimal("5000"),
        on=timezone.localdate(),
    )
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.PARTIALLY_PAID

    cancelled = invoice_cancel(
        actor=world.actor("accountant"), invoice_id=invoice.pk, reason="ошибка"
    )

    assert cancelled.status == InvoiceStatus.CANCELLED and cancelled.paid_amount == 0
    assert not payment.allocations.exists()
    assert ledger.balance(entity.pk) == Decimal("-5000.00")  # the payment is an advance now
    kinds = list(LedgerEntry.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == [LedgerKind.INVOICE, LedgerKind.PAYMENT, LedgerKind.INVOICE_CANCELLED]
    with pytest.raises(DomainError, match="уже отменён"):
        invoice_cancel(actor=world.actor("accountant"), invoice_id=invoice.pk)
    # the order can be invoiced again
    assert invoice_issue_for_order(
        actor=world.actor("accountant"), order_id=invoice.orders.get().pk
    )


def test_a_dealer_cannot_cancel(world):
    invoice = issue(world)
    with pytest.raises(PermissionDenied):
        invoice_cancel(actor=world.actor("dealer_a_admin"), invoice_id=invoice.pk)
    with pytest.raises(Http404):
        invoice_cancel(actor=world.actor("dealer_b_admin"), invoice_id=invoice.pk)
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED
