"""The demo money story on top of the demo orders; a second run changes nothing."""

from decimal import Decimal

from portal.billing.balances import balance_of
from portal.billing.credit import credit_check
from portal.billing.models import Invoice, InvoiceStatus, Payment
from portal.catalog.tests import builders
from portal.demo import billing as demo_billing
from portal.demo import configurator, organisations
from portal.demo import orders as demo_orders
from portal.orders.models import Order
from portal.orders.workflow import OrderStatus


def test_demo_invoices_in_every_state_and_idempotent(db):
    companies = organisations.build()
    configurator.build()
    base = builders.price_type("Оптовая")
    for n in range(4):
        builders.product(f"Дверь {n}", prices={base: f"{12000 + n * 1000}"}, article=f"DEMO-{n}")
    demo_orders.build(companies)

    created = demo_billing.build(companies)

    assert set(Invoice.objects.values_list("status", flat=True)) == set(InvoiceStatus.values)
    assert len(created) == Invoice.objects.count()
    dver = companies["dver-dom"].legal_entities.order_by("pk").first()
    assert balance_of(dver).overdue > 0
    okna = companies["okna-pro"].legal_entities.order_by("pk").first()
    assert balance_of(okna).credit_left < 0  # over its limit
    draft = Order.objects.filter(buyer=companies["okna-pro"], status=OrderStatus.DRAFT).first()
    if draft is not None:
        assert not credit_check(draft).ok
    teplo = companies["teplodom"].legal_entities.order_by("pk").first()
    assert balance_of(teplo).advance == Decimal("15000.00")

    state = (Invoice.objects.count(), Payment.objects.count())
    assert demo_billing.build(companies) == []
    assert (Invoice.objects.count(), Payment.objects.count()) == state
