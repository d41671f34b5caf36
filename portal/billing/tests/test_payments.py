"""Payments: applied partly, fully, beyond (advance), oldest due first; reversed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone, translation

from portal.billing import ledger
from portal.billing.models import (
    Allocation,
    Invoice,
    InvoiceStatus,
    LedgerEntry,
    LedgerKind,
    Payment,
    PaymentStatus,
)
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import (
    ledger_adjust,
    payment_allocate,
    payment_register,
    payment_reverse,
    unallocated,
)
from portal.core.errors import DomainError, PermissionDenied

from .builders import order

D = Decimal


@pytest.fixture
def entity(world):
    return world.legal_entities["dealer_a"]


def invoice_for(world, price: str) -> Invoice:
    made = order(world, lines=[("Окно", "1", price, "20")])
    return invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)


def pay(world, entity, amount, who="accountant", **kwargs) -> Payment:
    return payment_register(
        actor=world.actor(who),
        payer_id=entity.pk,
        amount=D(amount),
        on=kwargs.pop("on", timezone.localdate()),
        **kwargs,
    )


def fresh(invoice) -> Invoice:
    return Invoice.objects.get(pk=invoice.pk)


def test_partial_payment(world, entity):
    invoice = invoice_for(world, "1000.00")
    payment = pay(world, entity, "400", number="17")
    invoice = fresh(invoice)
    assert (invoice.status, invoice.paid_amount, invoice.remaining) == (
        InvoiceStatus.PARTIALLY_PAID,
        D("400.00"),
        D("600.00"),
    )
    assert unallocated(payment) == 0
    assert ledger.balance(entity.pk) == D("600.00")


def test_full_payment_then_overpayment_stays_as_advance(world, entity):
    invoice = invoice_for(world, "1000.00")
    pay(world, entity, "1000")
    assert fresh(invoice).status == InvoiceStatus.PAID
    extra = pay(world, entity, "250.50")
    assert unallocated(extra) == D("250.50")
    assert fresh(invoice).paid_amount == D("1000.00")  # never more than the invoice
    assert ledger.balance(entity.pk) == D("-250.50")

    later = invoice_for(world, "100.00")
    payment_allocate(actor=world.actor("accountant"), payment_id=extra.pk)
    assert fresh(later).status == InvoiceStatus.PAID
    assert unallocated(extra) == D("150.50")


def test_oldest_due_first_across_several_invoices(world, entity):
    newer = invoice_for(world, "300.00")
    older = invoice_for(world, "200.00")
    Invoice.objects.filter(pk=older.pk).update(due_date=newer.due_date - timedelta(days=3))
    pay(world, entity, "350")
    assert fresh(older).status == InvoiceStatus.PAID
    assert (fresh(newer).status, fresh(newer).paid_amount) == (
        InvoiceStatus.PARTIALLY_PAID,
        D("150.00"),
    )


def test_the_named_invoice_is_paid_first(world, entity):
    first = invoice_for(world, "300.00")
    second = invoice_for(world, "300.00")
    pay(world, entity, "300", invoice_ids=[second.pk])
    assert fresh(second).status == InvoiceStatus.PAID
    assert fresh(first).status == InvoiceStatus.ISSUED


def test_allocate_a_part_to_one_invoice_with_checks(world, entity):
    invoice = invoice_for(world, "500.00")
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.CANCELLED)
    payment = pay(world, entity, "800")  # nothing open: all of it is an advance
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.ISSUED)
    accountant = world.actor("accountant")
    with translation.override("en"), pytest.raises(DomainError, match="только 800,00 ₽"):
        payment_allocate(  # a message in Russian: its amount too, whatever the language
            actor=accountant, payment_id=payment.pk, invoice_id=invoice.pk, amount=D("900")
        )
    with pytest.raises(DomainError, match="осталось оплатить только 500,00 ₽"):
        payment_allocate(
            actor=accountant, payment_id=payment.pk, invoice_id=invoice.pk, amount=D("600")
        )
    payment_allocate(
        actor=accountant, payment_id=payment.pk, invoice_id=invoice.pk, amount=D("120")
    )
    payment_allocate(actor=accountant, payment_id=payment.pk, invoice_id=invoice.pk, amount=D("80"))
    assert Allocation.objects.get(payment=payment, invoice=invoice).amount == D("200.00")
    assert fresh(invoice).paid_amount == D("200.00")


def test_reverse_undoes_the_allocations_and_adds_a_ledger_row(world, entity):
    invoice = invoice_for(world, "1000.00")
    payment = pay(world, entity, "1000")
    with pytest.raises(DomainError, match="причину"):
        payment_reverse(actor=world.actor("accountant"), payment_id=payment.pk, reason=" ")
    payment_reverse(actor=world.actor("accountant"), payment_id=payment.pk, reason="Возврат")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REVERSED
    assert fresh(invoice).status == InvoiceStatus.ISSUED
    assert not Allocation.objects.exists()
    assert ledger.balance(entity.pk) == D("1000.00")
    assert list(LedgerEntry.objects.values_list("kind", flat=True)) == [
        LedgerKind.INVOICE,
        LedgerKind.PAYMENT,
        LedgerKind.PAYMENT_REVERSED,
    ]
    with pytest.raises(DomainError, match="уже сторнирована"):
        payment_reverse(actor=world.actor("accountant"), payment_id=payment.pk, reason="x")


def test_only_the_factory_accountant_handles_payments(world, entity):
    for who in ("factory_admin", "manager_a", "dealer_a_accountant", "dealer_a_admin"):
        with pytest.raises(PermissionDenied):
            pay(world, entity, "10", who=who)
    assert not Payment.objects.exists()


def test_a_payment_must_be_positive_and_not_in_the_future(world, entity):
    with pytest.raises(DomainError, match="больше нуля"):
        pay(world, entity, "0")
    with pytest.raises(DomainError, match="в будущем"):
        pay(world, entity, "10", on=timezone.localdate() + timedelta(days=1))
    assert not Payment.objects.exists() and not LedgerEntry.objects.exists()


def test_strangers_payments_are_404(world, entity):
    payment = pay(world, entity, "10")
    with pytest.raises(Http404):
        payment_reverse(actor=world.actor("dealer_b_admin"), payment_id=payment.pk, reason="x")
    with pytest.raises(PermissionDenied):
        payment_reverse(actor=world.actor("dealer_a_admin"), payment_id=payment.pk, reason="x")
    assert Payment.objects.get().status == PaymentStatus.RECEIVED


def test_an_adjustment_is_a_ledger_row(world, entity):
    ledger_adjust(
        actor=world.actor("accountant"),
        legal_entity_id=entity.pk,
        amount=D("1500"),
        on=timezone.localdate(),
        reason="Сальдо на начало работы в портале",
    )
    assert ledger.balance(entity.pk) == D("1500.00")
    assert LedgerEntry.objects.get().kind == LedgerKind.ADJUSTMENT
