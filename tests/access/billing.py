"""Money: invoices, payments, balances, statements. A dealer sees its own; its sub-dealers see
nothing of it (403 on lists, 404 on objects); factory accountants and admins see all, managers
their dealers'. Issuing is for the accountant, the admin and the dealer's manager; payments
for the accountant; credit limits for the accountant and the admin."""

from dataclasses import replace
from decimal import Decimal

from django.utils import timezone

from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.billing.tests.builders import BANK, order
from portal.orders.models import Order
from tests.access.matrix import (
    DEALER_A,
    FACTORY,
    FACTORY_ALL_DEALERS,
    SUB_A1,
    Entry,
    hidden_unless,
)
from tests.access.owners import (
    DEALERS,
    anybody,
    may_issue_invoice,
    on_object,
    only,
    sees_money,
    sees_order,
)

SUBDEALERS = SUB_A1 | {"sub_b1_admin"}
SEES_MONEY = FACTORY | DEALER_A | {"dealer_b_admin"}  # lists: everyone but sub-dealers
OWNERS_A = FACTORY_ALL_DEALERS | {"manager_a"} | DEALER_A
HIDDEN_A = hidden_unless("dealer_a") | SUB_A1  # sub-dealers never see the dealer's money
ISSUERS_A = FACTORY_ALL_DEALERS | {"manager_a"}
ACCOUNTANT = frozenset({"accountant"})
LIMIT_SETTERS = frozenset({"accountant", "factory_admin"})


def _bank(world):
    factory = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory, name, value)
    factory.save()


def confirmed_order_a(world) -> dict:
    _bank(world)
    return {"order_pk": order(world).pk}


def order_prepared(world) -> dict:
    """For a route without arguments: make dealer A's confirmed order beforehand."""
    confirmed_order_a(world)
    return {}


def invoice_a(world) -> dict:
    _bank(world)
    made = order(world)
    return {"pk": invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk).pk}


def payment_a(world) -> dict:
    invoice_a(world)
    payment = payment_register(
        actor=world.actor("accountant"),
        payer_id=world.legal_entities["dealer_a"].pk,
        amount=Decimal("25000"),  # 20 000 on the invoice, 5 000 advance
        on=timezone.localdate(),
    )
    return {"pk": payment.pk}


def entity_a(world) -> dict:
    return {"pk": world.legal_entities["dealer_a"].pk}


def new_payment(world) -> dict:
    return {
        "payer": world.legal_entities["dealer_a"].pk,
        "amount": "100.00",
        "on": timezone.localdate().isoformat(),
        "number": "1",
    }


ENTRIES = [
    Entry("billing:invoices", SEES_MONEY),
    Entry("billing:payments", SEES_MONEY),
    Entry("billing:balances", SEES_MONEY),
    Entry("billing:invoice", OWNERS_A, args=invoice_a, hidden=HIDDEN_A),
    Entry("billing:invoice_pdf", OWNERS_A, args=invoice_a, hidden=HIDDEN_A),
    Entry(
        "billing:invoice_cancel",
        ISSUERS_A,
        args=invoice_a,
        method="POST",
        data=lambda world: {"reason": "ошибка"},
        hidden=HIDDEN_A,
    ),
    Entry(
        "billing:invoice_issue",
        ISSUERS_A,
        args=confirmed_order_a,
        method="POST",
        hidden=hidden_unless("dealer_a") | SUB_A1,
        note="the sub-dealer does not see its dealer's order to the factory",
    ),
    Entry("billing:payment", OWNERS_A, args=payment_a, hidden=HIDDEN_A),
    Entry("billing:payment_new", ACCOUNTANT),
    Entry("billing:payment_new", ACCOUNTANT, method="POST", data=new_payment),
    Entry(
        "billing:payment_allocate",
        ACCOUNTANT,
        args=payment_a,
        method="POST",
        hidden=HIDDEN_A,
        note="the 5 000 advance finds no open invoice: a message, still a redirect",
    ),
    Entry(
        "billing:payment_reverse",
        ACCOUNTANT,
        args=payment_a,
        method="POST",
        data=lambda world: {"reason": "возврат"},
        hidden=HIDDEN_A,
    ),
    Entry("billing:import", ACCOUNTANT),
    Entry(
        "billing:import",
        ACCOUNTANT,
        method="POST",
        data=lambda world: {"kind": "bank"},
        ok=(200,),
        note="no file: the form answers with its error",
    ),
    Entry("billing:balance", OWNERS_A, args=entity_a, hidden=HIDDEN_A),
    Entry("billing:statement_xlsx", OWNERS_A, args=entity_a, hidden=HIDDEN_A),
    Entry("billing:statement_pdf", OWNERS_A, args=entity_a, hidden=HIDDEN_A),
    Entry("billing:credit_limit", LIMIT_SETTERS, args=entity_a, hidden=HIDDEN_A),
    Entry(
        "billing:credit_limit",
        LIMIT_SETTERS,
        args=entity_a,
        method="POST",
        data=lambda world: {"scope": "dealer", "amount": "100000", "mode": "warn"},
        hidden=HIDDEN_A,
    ),
    Entry("billing:adjust", ACCOUNTANT, args=entity_a, hidden=HIDDEN_A),
    Entry(
        "billing:adjust",
        ACCOUNTANT,
        args=entity_a,
        method="POST",
        data=lambda world: {"amount": "-500", "on": "2026-01-15", "reason": "Сальдо из 1С"},
        hidden=HIDDEN_A,
    ),
]


ENTRIES += [
    Entry("api:invoice-list", SEES_MONEY),
    Entry(
        "api:invoice-list",
        ISSUERS_A,
        method="POST",
        content_type="json",
        args=order_prepared,
        data=lambda world: {"order": Order.objects.latest("pk").pk},
        hidden=hidden_unless("dealer_a") | SUB_A1,
        note="the order is made before the request (args), so a refusal can be compared",
    ),
    Entry("api:invoice-detail", OWNERS_A, args=invoice_a, hidden=HIDDEN_A),
    Entry("api:invoice-pdf", OWNERS_A, args=invoice_a, hidden=HIDDEN_A),
    Entry(
        "api:invoice-cancel",
        ISSUERS_A,
        args=invoice_a,
        method="POST",
        content_type="json",
        data=lambda world: {"reason": "ошибка"},
        hidden=HIDDEN_A,
    ),
    Entry("api:payment-list", SEES_MONEY),
    Entry(
        "api:payment-list",
        ACCOUNTANT,
        method="POST",
        content_type="json",
        data=lambda world: {"payer": world.legal_entities["dealer_a"].pk, "amount": "100.00"},
        hidden=HIDDEN_A,
    ),
    Entry("api:payment-detail", OWNERS_A, args=payment_a, hidden=HIDDEN_A),
    Entry("api:balance-list", SEES_MONEY),
    Entry("api:balance-detail", OWNERS_A, args=entity_a, hidden=HIDDEN_A),
    Entry("api:balance-statement", OWNERS_A, args=entity_a, hidden=HIDDEN_A),
    Entry(
        "api:balance-adjust",
        ACCOUNTANT,
        args=entity_a,
        method="POST",
        content_type="json",
        data=lambda world: {"amount": "-500", "on": "2026-01-15", "reason": "Сальдо из 1С"},
        hidden=HIDDEN_A,
    ),
]


# The owner dimension (tests/access/owners.py): the same money of every company. Money is
# dealers' only (the factory invoices its dealers; sub-dealers pay their dealer): invoices and
# payments exist for dealers; a sub-dealer's balance is missing for everybody.


def owned_order(world, owner: str) -> dict:
    _bank(world)
    return {"order_pk": order(world, buyer=owner).pk}


def owned_order_prepared(world, owner: str) -> dict:
    owned_order(world, owner)
    return {}


def owned_invoice(world, owner: str) -> dict:
    made = owned_order(world, owner)["order_pk"]
    return {"pk": invoice_issue_for_order(actor=world.actor("accountant"), order_id=made).pk}


def owned_payment(world, owner: str) -> dict:
    owned_invoice(world, owner)
    payment = payment_register(
        actor=world.actor("accountant"),
        payer_id=world.legal_entities[owner].pk,
        amount=Decimal("25000"),
        on=timezone.localdate(),
    )
    return {"pk": payment.pk}


def owned_entity(world, owner: str) -> dict:
    return {"pk": world.legal_entities[owner].pk}


def owned_new_payment(world, owner: str) -> dict:
    return {"payer": world.legal_entities[owner].pk, "amount": "100.00"}


SEES_IT = on_object(sees_money, anybody)
ISSUES = on_object(sees_money, may_issue_invoice)
ACCOUNTS = on_object(sees_money, only("accountant"))
INVOICE = {"owned": owned_invoice, "owners": DEALERS}
PAYMENT = {"owned": owned_payment, "owners": DEALERS}
BALANCE = {"owned": owned_entity}
OWNED = {
    ("billing:invoice", "GET"): {**INVOICE, "rule": SEES_IT},
    ("billing:invoice_pdf", "GET"): {**INVOICE, "rule": SEES_IT},
    ("billing:invoice_cancel", "POST"): {**INVOICE, "rule": ISSUES},
    ("billing:invoice_issue", "POST"): {
        "owned": owned_order,
        "owners": DEALERS,
        "rule": on_object(sees_order, may_issue_invoice),
    },
    ("billing:payment", "GET"): {**PAYMENT, "rule": SEES_IT},
    ("billing:payment_allocate", "POST"): {**PAYMENT, "rule": ACCOUNTS},
    ("billing:payment_reverse", "POST"): {**PAYMENT, "rule": ACCOUNTS},
    ("billing:balance", "GET"): {**BALANCE, "rule": SEES_IT},
    ("billing:statement_xlsx", "GET"): {**BALANCE, "rule": SEES_IT},
    ("billing:statement_pdf", "GET"): {**BALANCE, "rule": SEES_IT},
    ("billing:credit_limit", "GET"): {
        **BALANCE,
        "rule": on_object(sees_money, only("accountant", "factory_admin")),
    },
    ("billing:credit_limit", "POST"): {
        **BALANCE,
        "rule": on_object(sees_money, only("accountant", "factory_admin")),
    },
    ("billing:adjust", "GET"): {**BALANCE, "rule": ACCOUNTS},
    ("billing:adjust", "POST"): {**BALANCE, "rule": ACCOUNTS},
    ("api:invoice-list", "POST"): {
        "owned": owned_order_prepared,
        "owners": DEALERS,
        "rule": on_object(sees_order, may_issue_invoice),
    },
    ("api:invoice-detail", "GET"): {**INVOICE, "rule": SEES_IT},
    ("api:invoice-pdf", "GET"): {**INVOICE, "rule": SEES_IT},
    ("api:invoice-cancel", "POST"): {**INVOICE, "rule": ISSUES},
    ("api:payment-list", "POST"): {"owned_data": owned_new_payment, "rule": ACCOUNTS},
    ("api:payment-detail", "GET"): {**PAYMENT, "rule": SEES_IT},
    ("api:balance-detail", "GET"): {**BALANCE, "rule": SEES_IT},
    ("api:balance-statement", "GET"): {**BALANCE, "rule": SEES_IT},
    ("api:balance-adjust", "POST"): {**BALANCE, "rule": ACCOUNTS},
}
ENTRIES = [replace(entry, **OWNED.get((entry.route, entry.method), {})) for entry in ENTRIES]
