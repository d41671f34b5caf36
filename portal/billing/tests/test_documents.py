"""The invoice PDF in the Russian form, and the statement as xlsx and PDF."""

from decimal import Decimal
from io import BytesIO

from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.billing.balances import statement
from portal.billing.documents import invoice_pdf
from portal.billing.exports import statement_pdf, statement_xlsx
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register

from .builders import days_ago, order


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())


def test_the_invoice_pdf_has_the_form_and_the_amount_in_words(world):
    made = order(world, lines=[("Дверь входная", "1", "123.45", "20")])
    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)

    text = pdf_text(invoice_pdf(invoice))

    assert f"Счёт на оплату № {invoice.number}" in text
    assert "Сто двадцать три рубля 45 копеек" in text
    assert "В том числе НДС (20%): 20,58" in text
    assert "Всего к оплате: 123,45" in text
    for requisite in ("044525225", "30101810400000000225", "40702810500000001001", "7700010014"):
        assert requisite in text
    assert "ООО «Дилер А»" in text and "Дверь входная" in text
    assert "Руководитель" in text and "Бухгалтер" in text


def test_the_statement_has_opening_movements_and_closing(world):
    entity = world.legal_entities["dealer_a"]
    old = invoice_issue_for_order(
        actor=world.actor("accountant"),
        order_id=order(world, lines=[("Дверь", "1", "700.00", "20")]).pk,
    )
    type(old).objects.filter(pk=old.pk).update(date=days_ago(40), due_date=days_ago(30))
    old.ledger_entries.update(date=days_ago(40))
    invoice_issue_for_order(actor=world.actor("accountant"), order_id=order(world).pk)
    payment_register(
        actor=world.actor("accountant"),
        payer_id=entity.pk,
        amount=Decimal("5000"),
        on=timezone.localdate(),
        number="55",
    )

    result = statement(entity, date_from=days_ago(10), date_to=timezone.localdate())

    assert result.opening == Decimal("700.00")
    assert [(r.debit, r.credit) for r in result.rows] == [
        (Decimal("20000.00"), Decimal("0")),
        (Decimal("0"), Decimal("5000.00")),
    ]
    assert result.closing == Decimal("15700.00")

    sheet = load_workbook(BytesIO(statement_xlsx(result))).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Сальдо на начало периода" in values and "Сальдо на конец периода" in values
    assert Decimal(str(values[values.index("Сальдо на конец периода") + 1])) == Decimal("15700")

    with translation.override("en"):  # a Russian document, whoever asks for it
        text = pdf_text(statement_pdf(result))
    assert "Акт сверки взаимных расчётов" in text
    assert "15 700,00" in text and "700,00" in text
