"""1C reports payments in the order documents it sends back; importing twice changes nothing."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

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
from portal.billing.services.invoices import invoice_issue_for_order
from portal.core.errors import DomainError, PermissionDenied
from portal.orders.payments import PaymentState, payment_status

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
    assert payment_status(orders["235"]).state == PaymentState.PAID
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


def documents_file(tmp_path, *documents: dict) -> Path:
    """A 1C documents file: each dict gives Ид, Номер (the portal order), Номер1С, Сумма."""
    today = timezone.localdate().isoformat()
    blocks = "".join(
        f"""
    <Документ>
        <Ид>{d["id"]}</Ид>
        <Номер>{d["order"]}</Номер>
        <Номер1С>{d["number_1c"]}</Номер1С>
        <Дата1С>{today}</Дата1С>
        <ХозОперация>Заказ товара</ХозОперация>
        <Сумма>{d["amount"]}</Сумма>
        <ЗначенияРеквизитов>
            <ЗначениеРеквизита>
                <Наименование>Номер оплаты по 1С</Наименование>
                <Значение>ПП-{d["id"]}</Значение>
            </ЗначениеРеквизита>
            <ЗначениеРеквизита>
                <Наименование>Дата оплаты по 1С</Наименование>
                <Значение>{today}</Значение>
            </ЗначениеРеквизита>
        </ЗначенияРеквизитов>
    </Документ>"""
        for d in documents
    )
    path = tmp_path / "documents.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<КоммерческаяИнформация xmlns="urn:1C.ru:commerceml_2" ВерсияСхемы="2.09">{blocks}\n'
        "</КоммерческаяИнформация>\n",
        encoding="utf-8",
    )
    return path


def test_a_1c_invoice_may_carry_the_number_of_a_portal_invoice(world, tmp_path):
    """1C numbers its own invoices: the portal's «П-000001» of the same supplier and year does
    not stop 1C's «П-000001» (it failed the whole file with a database error)."""
    portal_order = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    portal_invoice = invoice_issue_for_order(
        actor=world.actor("accountant"), order_id=portal_order.pk
    )
    paid_in_1c = order(world, lines=[("Окно", "1", "2400.00", "20")])
    path = documents_file(
        tmp_path,
        {
            "id": "d-1",
            "order": paid_in_1c.number,
            "number_1c": portal_invoice.number,
            "amount": "2400.00",
        },
    )

    report = run(world, path=path)

    assert (report.created, report.skipped) == (1, [])
    made = Invoice.objects.get(orders=paid_in_1c)
    assert (made.source, made.number, made.year, made.supplier_id) == (
        InvoiceSource.ONE_C,
        portal_invoice.number,
        portal_invoice.year,
        portal_invoice.supplier_id,
    )
    assert made.status == InvoiceStatus.PAID
    assert Invoice.objects.get(pk=portal_invoice.pk).number == "П-000001"
    # the portal goes on counting its own numbers
    next_one = order(world, lines=[("Ручка", "1", "100.00", "20")])
    later = invoice_issue_for_order(actor=world.actor("accountant"), order_id=next_one.pk)
    assert later.number == "П-000002"


def test_a_1c_number_taken_by_another_1c_document_is_skipped_with_the_reason(world, tmp_path):
    first = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    second = order(world, lines=[("Окно", "1", "2400.00", "20")])
    path = documents_file(
        tmp_path,
        {"id": "d-1", "order": first.number, "number_1c": "ЗФ-000007", "amount": "1000.00"},
        {"id": "d-2", "order": second.number, "number_1c": "ЗФ-000007", "amount": "2400.00"},
    )

    report = run(world, path=path)

    assert report.created == 1
    [reason] = report.skipped
    assert reason.startswith(f"Документ «{second.number}» (строка ")
    assert "номер счёта «ЗФ-000007»" in reason and "Ид в 1С «d-1»" in reason
    assert "оплата не записана" in reason
    assert list(Invoice.objects.values_list("number", "external_id")) == [("ЗФ-000007", "d-1")]
    assert not Payment.objects.filter(external_id__startswith="d-2:").exists()
