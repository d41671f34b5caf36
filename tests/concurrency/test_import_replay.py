"""Every import is safe to replay: run three times in a row, or twice at once from a fresh
copy of the same data, it leaves every portal table exactly as one run does.

The imports: the CommerceML catalog (the full package with its pictures, and a delta on top
of it), 1C's orders file (numbers, statuses, shipments, payments), a bank statement, 1C's
payments file, and accepting an Excel order form by its preview token.

What the comparison leaves out is listed in ``helpers.EXCLUDED_TABLES`` (the audit log and
the catalog import history record every attempt by design). Nothing else is excluded from
the replays in a row. Two runs at once are compared with one run on the same data rolled
back in a transaction, with the normalisation ``helpers.snapshot(since=…)`` describes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from pprint import pformat

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from portal.billing.imports.bank import payments_import_bank
from portal.billing.imports.onec import payments_import_1c
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.tests.builders import days_ago, order
from portal.exchange.models import ImportRun
from portal.exchange.orders_import import sale_documents_import
from portal.exchange.services import catalog_import
from portal.orders import services as order_services
from portal.orders.excel import excel_import_accept, excel_import_preview
from portal.orders.excel.tests.conftest import xlsx

from .helpers import differences, postgres_only, run_together, snapshot

ROOT = Path(__file__).resolve().parents[2] / "portal"
CATALOG = ROOT / "exchange" / "tests" / "fixtures"
ORDERS_FROM_1C = CATALOG / "http" / "orders-from-1c.xml"
PAYMENTS_FROM_1C = ROOT / "billing" / "tests" / "fixtures" / "documents-example.xml"


def catalog_full(request, world) -> Callable:
    admin = world.actor("factory_admin")

    def run():
        outcome = catalog_import(paths=[CATALOG / "package"], actor=admin)
        assert outcome.status == ImportRun.Status.SUCCESS, outcome.errors
        return outcome

    return run


def catalog_delta(request, world) -> Callable:
    admin = world.actor("factory_admin")
    catalog_import(paths=[CATALOG / "package"], actor=admin)

    def run():
        outcome = catalog_import(paths=[CATALOG / "delta.xml"], actor=admin)
        assert outcome.status == ImportRun.Status.SUCCESS, outcome.errors
        return outcome

    return run


def orders_from_1c(request, world) -> Callable:
    """Order 2025-000142 handed to 1C; the file numbers it, starts production, ships, pays."""
    made = order(
        world,
        number="2025-000142",
        lines=[("Дверь межкомнатная «Обмен»", "2", "12500.00", "20")],
    )
    order_services.order_hand_to_1c(actor=world.actor("factory_admin"), order_id=made.pk)
    seller, accountant = world.actor("factory_admin"), world.actor("accountant")

    def run():
        return sale_documents_import(
            seller=seller, accountant=accountant, path=ORDERS_FROM_1C, name="orders.xml"
        )

    return run


def bank_statement(request, world) -> Callable:
    accountant = world.actor("accountant")
    named = invoice_issue_for_order(actor=accountant, order_id=order(world).pk)
    invoice_issue_for_order(actor=accountant, order_id=order(world).pk)
    invoice_issue_for_order(actor=accountant, order_id=order(world, buyer="dealer_b").pk)
    a, b = world.legal_entities["dealer_a"].inn, world.legal_entities["dealer_b"].inn
    on = days_ago(1).strftime("%d.%m.%Y")
    content = "\n".join(
        [
            "Выписка по счёту 40702810500000001001",
            "",
            "Дата;Сумма;ИНН плательщика;Номер;Назначение платежа",
            f"{on};5 000,00;{a};311;Оплата по счёту № {named.number} за двери",
            f"{on};1200.5;{a};312;Оплата по договору",
            f"{on};1200.5;{a};312;Оплата по договору",  # the same row twice: two payments
            f"{on};30000;{b};77;Аванс",
        ]
    ).encode("cp1251")

    def run():
        return payments_import_bank(actor=accountant, content=content, name="vypiska.csv")

    return run


def payments_from_1c(request, world) -> Callable:
    order(world, number="142", lines=[("Вентилятор", "1", "8186.84", "18")])
    order(
        world, number="235", lines=[("Ботинки", "1", "3600", "18"), ("Доставка", "1", "500", "18")]
    )
    accountant = world.actor("accountant")

    def run():
        return payments_import_1c(actor=accountant, path=PAYMENTS_FROM_1C, name="documents.xml")

    return run


def excel_accept(request, world) -> Callable:
    request.getfixturevalue("shop")
    employee = world.actor("dealer_a_employee")
    rows = [["Артикул", "Количество", "Примечание"], ["DV-100", 2, "до 10:00"], ["ZZ-404", 1]]
    rows.append(["FT-1", 10])
    preview = excel_import_preview(actor=employee, file_name="заказ.xlsx", data=xlsx(rows))
    assert preview.can_accept

    def run():
        return excel_import_accept(actor=employee, preview_token_or_data=preview.token)

    return run


IMPORTS = {
    "catalog_full": catalog_full,
    "catalog_delta": catalog_delta,
    "orders_from_1c": orders_from_1c,
    "bank_statement": bank_statement,
    "payments_from_1c": payments_from_1c,
    "excel_accept": excel_accept,
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", IMPORTS)
def test_three_runs_in_a_row_leave_what_the_first_left(request, world, name):
    run = IMPORTS[name](request, world)
    before = snapshot()
    run()
    first = snapshot()
    assert differences(before, first), "the first run must store something"
    mails = len(mail.outbox)
    for replay in (2, 3):
        run()
        changed = differences(first, snapshot())
        assert not changed, f"run {replay} changed the database:\n{pformat(changed)}"
    assert len(mail.outbox) == mails


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", IMPORTS)
def test_two_runs_at_once_leave_what_one_run_leaves(request, world, name):
    run = IMPORTS[name](request, world)
    started = timezone.now()
    with transaction.atomic():  # one run on this very data, to compare with; then undone
        run()
        one_run = snapshot(since=started)
        transaction.set_rollback(True)
    started = timezone.now()
    outcomes = run_together([run, run])
    assert [o.error for o in outcomes] == [None, None]
    changed = differences(one_run, snapshot(since=started))
    assert not changed, f"two runs at once left another state:\n{pformat(changed)}"
