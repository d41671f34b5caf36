"""An order's payment status, one at a time and annotated on a whole list."""

from decimal import Decimal

from django.utils import timezone

from portal.billing.order_status import with_payment_status
from portal.billing.services.invoices import invoice_cancel, invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.orders.models import Order
from portal.orders.payments import PaymentState, payment_status

from .builders import order


def test_unpaid_partially_paid_paid(world):
    unpaid = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    partly = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    paid = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    accountant = world.actor("accountant")
    invoices = {
        key: invoice_issue_for_order(actor=accountant, order_id=made.pk)
        for key, made in (("unpaid", unpaid), ("partly", partly), ("paid", paid))
    }
    payer = world.legal_entities["dealer_a"].pk
    for key, amount in (("partly", "250.40"), ("paid", "1000")):
        payment_register(
            actor=accountant,
            payer_id=payer,
            amount=Decimal(amount),
            on=timezone.localdate(),
            invoice_ids=[invoices[key].pk],
        )

    status = payment_status(partly)
    assert (status.state, status.paid, status.remaining) == (
        PaymentState.PARTIALLY_PAID,
        Decimal("250.40"),
        Decimal("749.60"),
    )
    assert status.label == "Частично оплачен"
    assert payment_status(unpaid).state == PaymentState.UNPAID
    assert payment_status(paid).state == PaymentState.PAID

    rows = {
        row.pk: (row.payment_state, row.paid_amount, row.payment_remaining)
        for row in with_payment_status(Order.objects.all())
    }
    assert rows[partly.pk] == ("partially_paid", Decimal("250.40"), Decimal("749.60"))
    assert rows[unpaid.pk] == ("unpaid", Decimal("0"), Decimal("1000.00"))
    assert rows[paid.pk][0] == "paid" and rows[paid.pk][2] == 0
    only_partly = with_payment_status(Order.objects.all()).filter(payment_state="partially_paid")
    assert list(only_partly) == [partly]


def test_a_cancelled_invoice_pays_nothing(world):
    made = order(world)
    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    payment_register(
        actor=world.actor("accountant"),
        payer_id=made.legal_entity_id,
        amount=Decimal("100"),
        on=timezone.localdate(),
    )
    invoice_cancel(actor=world.actor("accountant"), invoice_id=invoice.pk)
    assert payment_status(made).state == PaymentState.UNPAID
    assert with_payment_status(Order.objects.filter(pk=made.pk)).get().payment_state == "unpaid"


def test_the_stored_paid_part_follows_every_allocation_change(world):
    """``Order.paid_amount`` (what lists filter on) equals the sum over the order's invoices
    after paying, paying more, reversing and cancelling."""
    from portal.billing.order_status import order_paid_amount
    from portal.billing.services.payments import payment_reverse

    made = order(world, lines=[("Дверь", "2", "1000.00", "20")])
    accountant = world.actor("accountant")
    invoice = invoice_issue_for_order(actor=accountant, order_id=made.pk)

    def stored() -> Decimal:
        return Order.objects.values_list("paid_amount", flat=True).get(pk=made.pk)

    payments = []
    for amount, expected in (("700", "700.00"), ("1300", "2000.00")):
        payments.append(
            payment_register(
                actor=accountant,
                payer_id=made.legal_entity_id,
                amount=Decimal(amount),
                on=timezone.localdate(),
                invoice_ids=[invoice.pk],
            )
        )
        assert stored() == order_paid_amount(made) == Decimal(expected)
    payment_reverse(actor=accountant, payment_id=payments[0].pk, reason="Ошибка банка")
    assert stored() == order_paid_amount(made) == Decimal("1300.00")
    invoice_cancel(actor=accountant, invoice_id=invoice.pk)
    assert stored() == order_paid_amount(made) == Decimal("0.00")
