"""A bank statement (CSV or xlsx): header found, bad rows named, nothing stored on error,
loading the same file twice adds nothing."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook

from portal.billing.imports.bank import StatementRefused, payments_import_bank
from portal.billing.models import Invoice, InvoiceStatus, LedgerEntry, Payment, PaymentSource
from portal.billing.services.invoices import invoice_issue_for_order
from portal.core.errors import DomainError

from .builders import days_ago, order


def csv_statement(world, rows: list[str]) -> bytes:
    head = [
        "Выписка по счёту 40702810500000001001",
        "",
        "Дата;Сумма;ИНН плательщика;Номер;Назначение платежа",
    ]
    return "\n".join(head + rows).encode("cp1251")


def run(world, content: bytes, name="vypiska.csv"):
    return payments_import_bank(actor=world.actor("accountant"), content=content, name=name)


def test_rows_become_payments_applied_to_the_invoice_they_name(world):
    first = invoice_issue_for_order(actor=world.actor("accountant"), order_id=order(world).pk)
    second = invoice_issue_for_order(actor=world.actor("accountant"), order_id=order(world).pk)
    inn = world.legal_entities["dealer_a"].inn
    on = days_ago(1).strftime("%d.%m.%Y")
    content = csv_statement(
        world,
        [
            f"{on};5 000,00;{inn};311;Оплата по счёту № {second.number} за окна",
            f"{on};1200.5;{inn};312;Оплата по договору",
        ],
    )
    report = run(world, content)

    assert (report.created, report.unchanged) == (2, 0)
    payment = Payment.objects.get(number="311")
    assert payment.source == PaymentSource.BANK_STATEMENT
    assert payment.amount == Decimal("5000.00")
    assert payment.external_id.startswith("bank:")
    assert Invoice.objects.get(pk=second.pk).paid_amount == Decimal("5000.00")
    assert Invoice.objects.get(pk=first.pk).paid_amount == Decimal("1200.50")  # oldest due


def test_loading_the_same_statement_twice_adds_nothing(world):
    inn = world.legal_entities["dealer_a"].inn
    on = days_ago(1).strftime("%d.%m.%Y")
    rows = [f"{on};100;{inn};1;Аванс", f"{on};100;{inn};1;Аванс"]  # two equal payments
    run(world, csv_statement(world, rows))
    assert Payment.objects.count() == 2
    report = run(world, csv_statement(world, rows))
    assert (report.created, report.unchanged) == (0, 2)
    assert Payment.objects.count() == 2 and LedgerEntry.objects.count() == 2


def test_bad_rows_are_named_by_their_number_and_nothing_is_stored(world):
    invoice_issue_for_order(actor=world.actor("accountant"), order_id=order(world).pk)
    inn = world.legal_entities["dealer_a"].inn
    on = days_ago(1).strftime("%d.%m.%Y")
    content = csv_statement(
        world,
        [
            f"{on};100;{inn};1;Оплата",
            f"31.02.2026;100;{inn};2;Оплата",
            f"{on};сто;{inn};3;Оплата",
            f"{on};100;123;4;Оплата",
            f"{on};100;7700099998;5;Оплата",
            f"{on};-5;{inn};6;Оплата",
        ],
    )
    with pytest.raises(StatementRefused) as refusal:
        run(world, content)
    assert [row for row, _ in refusal.value.errors] == [5, 6, 7, 8, 9]
    message = refusal.value.message
    assert "Строка 5: дата «31.02.2026» не распознана" in message
    assert "Строка 6: сумма «сто» — не число" in message
    assert "Строка 7: ИНН плательщика «123» — нужно 10 или 12 цифр" in message
    assert "Строка 8: плательщик с ИНН 7700099998 не найден" in message
    assert "Строка 9: сумма -5 должна быть больше нуля" in message
    assert not Payment.objects.exists()
    assert Invoice.objects.get().status == InvoiceStatus.ISSUED


def test_an_xlsx_statement_with_the_header_further_down(world):
    inn = world.legal_entities["dealer_b"].inn
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ПАО СБЕРБАНК"])
    sheet.append([])
    sheet.append(["Дата операции", "Сумма, руб.", "ИНН плательщика", "Назначение платежа"])
    sheet.append([days_ago(2), 1234.56, inn, "Аванс за двери"])
    sheet.append([days_ago(2), 0.1, int(inn), "Проверка счёта"])
    buffer = BytesIO()
    workbook.save(buffer)

    report = run(world, buffer.getvalue(), name="statement.xlsx")

    assert report.created == 2
    amounts = sorted(Payment.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("0.10"), Decimal("1234.56")]


def test_a_file_without_the_header_is_refused(world):
    with pytest.raises(DomainError, match="строка заголовка"):
        run(world, b"a;b;c\n1;2;3\n")
    with pytest.raises(DomainError, match="xlsx, xls или CSV"):
        run(world, b"%PDF", name="vypiska.pdf")
