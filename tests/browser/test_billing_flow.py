"""Money in a real browser: the accountant issues an invoice for a confirmed order, the dealer
opens its PDF and sees the order unpaid; a partial payment arrives; the dealer sees the order
partially paid with the right remainder and both movements in the statement."""

import pytest

from portal.billing.models import Invoice
from portal.billing.tests.builders import BANK, order
from tests.browser.conftest import login
from tests.world import PASSWORD, build_world


@pytest.fixture
def world(transactional_db):
    world = build_world()
    factory = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory, name, value)
    factory.save()
    return world


def test_invoice_payment_and_statement(world, new_page):
    made = order(world, lines=[("Дверь «Классик»", "2", "10000.00", "20")])

    accountant = new_page()
    login(accountant, "accountant@example.test", PASSWORD)
    accountant.goto("/billing/")
    row = accountant.locator("tr", has_text=made.number)
    row.get_by_role("button", name="Выставить счёт").click()
    accountant.wait_for_load_state("networkidle")
    invoice = Invoice.objects.get(orders=made)
    assert accountant.url.endswith(f"/billing/invoices/{invoice.pk}/")

    dealer = new_page()
    login(dealer, "dealer_a_accountant@example.test", PASSWORD)
    dealer.goto("/billing/")
    dealer.get_by_role("link", name=f"№ {invoice.number}").click()
    pdf_link = dealer.get_by_role("link", name="Открыть PDF")
    pdf = dealer.request.get(pdf_link.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    state = dealer.locator(f"tr[data-order='{made.number}']")
    assert state.locator(".order-payment-state").inner_text() == "Не оплачен"

    accountant.goto("/billing/payments/new/")
    accountant.select_option("select[name=payer]", str(world.legal_entities["dealer_a"].pk))
    accountant.fill("input[name=amount]", "5000")
    accountant.fill("input[name=number]", "311")
    accountant.get_by_role("button", name="Внести").click()
    accountant.wait_for_load_state("networkidle")
    assert "/billing/payments/" in accountant.url

    dealer.reload()
    assert state.locator(".order-payment-state").inner_text() == "Частично оплачен"
    assert state.locator(".order-payment-remaining").inner_text() == "15\u202f000,00 ₽"

    dealer.goto(f"/billing/balances/{world.legal_entities['dealer_a'].pk}/")
    rows = dealer.locator("#statement .statement-row")
    assert rows.count() == 2
    assert "Счёт № " in rows.nth(0).inner_text() and "20\u202f000,00 ₽" in rows.nth(0).inner_text()
    assert "Оплата № 311" in rows.nth(1).inner_text()
    assert accountant.csp_errors == [] and dealer.csp_errors == []
