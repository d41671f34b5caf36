"""Demo money: invoices in every state, partial payments, an advance, one dealer over its
credit limit (Окна-Про, «block»), one with overdue debt (Дверной дом), made through the
billing services from the demo orders (``portal.demo.orders``).

Idempotent: when the demo dealers already have invoices, nothing is done. Without demo orders
that can be invoiced, only what their orders allow is made.

Call after the orders: ``billing.build(companies)`` with the dict from
``organisations.build()``.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from portal.accounts.models import User
from portal.billing.models import CreditMode, Invoice
from portal.billing.services.credit import credit_limit_set
from portal.billing.services.invoices import (
    INVOICEABLE,
    invoice_cancel,
    invoice_issue_for_order,
)
from portal.billing.services.payments import payment_register
from portal.core.money import round_money
from portal.orders.models import Order
from portal.organisations.actor import Actor, actor_for_user
from portal.organisations.models import Organisation, OrganisationKind

ACCOUNTANT = "buh@zavod.demo"
DEALERS = ("okna-pro", "dver-dom", "teplodom")


def build(organisations: dict[str, Organisation]) -> list[Invoice]:
    dealers = [organisations[key] for key in DEALERS]
    if Invoice.objects.filter(buyer__organisation__in=dealers).exists():
        return []
    user = User.objects.select_related("organisation__parent").get(email=ACCOUNTANT)
    actor = actor_for_user(user)
    assert actor is not None  # noqa: S101 — the demo accountant is active by construction
    return _Story(actor, organisations).tell()


class _Story:
    def __init__(self, actor: Actor, organisations: dict[str, Organisation]):
        self.actor = actor
        self.today = timezone.localdate()
        self.orders = {
            key: list(
                Order.objects.filter(
                    buyer=organisations[key],
                    status__in=INVOICEABLE,
                    seller__kind=OrganisationKind.FACTORY,
                )
                .exclude(total=0)
                .order_by("pk")
            )
            for key in DEALERS
        }
        self.orgs = organisations
        self.invoices: list[Invoice] = []

    def days_ago(self, days: int):
        return self.today - timedelta(days=days)

    def issue(self, key: str, *, days_ago: int, term: int = 10) -> Invoice | None:
        if not self.orders[key]:
            return None
        order = self.orders[key].pop(0)
        on = self.days_ago(days_ago)
        invoice = invoice_issue_for_order(
            actor=self.actor, order_id=order.pk, on=on, due_date=on + timedelta(days=term)
        )
        self.invoices.append(invoice)
        return invoice

    def pay(self, invoice: Invoice | None, share: str, *, days_ago: int, number: str, extra="0"):
        if invoice is None:
            return
        amount = round_money(invoice.total * Decimal(share)) + Decimal(extra)
        payment_register(
            actor=self.actor,
            payer_id=invoice.buyer_id,
            amount=amount,
            on=self.days_ago(days_ago),
            number=number,
            purpose=f"Оплата по счёту № {invoice.number} от {invoice.date:%d.%m.%Y}",
            invoice_ids=[invoice.pk],
        )

    def tell(self) -> list[Invoice]:
        # Дверной дом: an unpaid invoice long past its due date (overdue debt), and an invoice
        # cancelled (wrong legal entity) then issued again for the same order.
        overdue = self.issue("dver-dom", days_ago=45)
        # Окна-Про: one paid in full, one paid in part; then a limit below its debt.
        paid = self.issue("okna-pro", days_ago=30)
        # ТеплоДом: paid with an overpayment that stays as its advance.
        advance = self.issue("teplodom", days_ago=25)
        partly = self.issue("okna-pro", days_ago=12)
        wrong = self.issue("dver-dom", days_ago=3)
        self.pay(paid, "1", days_ago=25, number="118")
        self.pay(advance, "1", days_ago=20, number="342", extra="15000")
        self.pay(partly, "0.4", days_ago=5, number="131")
        if overdue is not None:
            self.pay(overdue, "0.25", days_ago=38, number="77")
        if wrong is not None:
            order_id = wrong.orders.get().pk
            invoice_cancel(
                actor=self.actor, invoice_id=wrong.pk, reason="Выставлен не на то юрлицо"
            )
            self.invoices.append(invoice_issue_for_order(actor=self.actor, order_id=order_id))
        self.limits()
        return self.invoices

    def limits(self) -> None:
        okna = self.orgs["okna-pro"].legal_entities.order_by("pk").first()
        if okna is not None:
            credit_limit_set(
                actor=self.actor,
                legal_entity_id=okna.pk,
                scope="dealer",
                amount=Decimal("50000"),
                mode=CreditMode.BLOCK,
            )
        teplo = self.orgs["teplodom"].legal_entities.order_by("pk").first()
        if teplo is not None:
            credit_limit_set(
                actor=self.actor,
                legal_entity_id=teplo.pk,
                scope="dealer",
                amount=Decimal("1000000"),
                mode=CreditMode.WARN,
            )
