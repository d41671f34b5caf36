"""Properties over any sequence of money operations (hypothesis):

- an invoice never gets more than its total, a payment never gives more than its amount;
- the stored paid amount and status are what the allocations say;
- the balance is always the sum of its movements, and equals live invoices − live payments.
"""

from decimal import Decimal

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from portal.billing import ledger
from portal.billing.models import Allocation, Invoice, InvoiceStatus, LedgerEntry, Payment
from portal.billing.services.invoices import invoice_cancel, invoice_issue_for_order
from portal.billing.services.payments import payment_allocate, payment_register, payment_reverse
from portal.core.errors import DomainError
from tests.world import build_world

from .builders import order

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("invoice"), money),
        st.tuples(st.just("pay"), money),
        st.tuples(st.just("allocate"), st.integers(0, 5)),
        st.tuples(st.just("reverse"), st.integers(0, 5)),
        st.tuples(st.just("cancel"), st.integers(0, 5)),
    ),
    max_size=12,
)
ZERO = Decimal("0.00")


def _total(rows, field="amount") -> Decimal:
    """Added in Python: the database's own sum is what is being checked."""
    return sum(rows.values_list(field, flat=True), start=ZERO)


class MoneyProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()  # once; each example runs in its own rolled-back transaction

    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(operations)
    def test_invariants_hold_after_any_sequence(self, steps):
        world = self.world
        accountant = world.actor("accountant")
        entity = world.legal_entities["dealer_a"]
        today = timezone.localdate()
        for kind, value in steps:
            try:
                if kind == "invoice":
                    made = order(world, lines=[("Изделие", "1", str(value), "20")])
                    invoice_issue_for_order(actor=accountant, order_id=made.pk)
                elif kind == "pay":
                    payment_register(actor=accountant, payer_id=entity.pk, amount=value, on=today)
                else:
                    model = Invoice if kind == "cancel" else Payment
                    rows = list(model.objects.order_by("pk"))
                    if not rows:
                        continue
                    target = rows[value % len(rows)]
                    if kind == "allocate":
                        payment_allocate(actor=accountant, payment_id=target.pk)
                    elif kind == "reverse":
                        payment_reverse(actor=accountant, payment_id=target.pk, reason="тест")
                    else:
                        invoice_cancel(actor=accountant, invoice_id=target.pk)
            except DomainError:
                pass  # a refused step must leave the invariants intact too
            self.check_invariants(entity)

    def check_invariants(self, entity):
        for invoice in Invoice.objects.all():
            allocated = _total(Allocation.objects.filter(invoice=invoice))
            assert allocated <= invoice.total
            assert invoice.paid_amount == allocated
            if invoice.status != InvoiceStatus.CANCELLED:
                expected = (
                    InvoiceStatus.ISSUED
                    if allocated == 0
                    else InvoiceStatus.PAID
                    if allocated == invoice.total
                    else InvoiceStatus.PARTIALLY_PAID
                )
                assert invoice.status == expected
            else:
                assert allocated == 0
        for payment in Payment.objects.all():
            given_out = _total(Allocation.objects.filter(payment=payment))
            assert given_out <= (0 if payment.is_reversed else payment.amount)
        movements = _total(LedgerEntry.objects.filter(legal_entity=entity))
        assert ledger.balance(entity.pk) == movements
        live_invoices = _total(Invoice.objects.live().filter(buyer=entity), "total")
        live_payments = _total(Payment.objects.filter(payer=entity, status="received"))
        assert movements == live_invoices - live_payments
