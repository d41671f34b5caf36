"""Billing pages write amounts in the reader's language; the invoice, its e-mail and the
statement stay Russian documents whoever builds them."""

from io import BytesIO

from django.urls import reverse
from pypdf import PdfReader

from portal.billing.models import Invoice
from portal.billing.tests.builders import order


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return " ".join(text.split())  # U+202F is whitespace too


def test_an_english_invoice_page_writes_amounts_the_english_way_the_documents_stay_russian(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    made = order(world, lines=[("Дверь", "1", "12345.60", "20")])
    client = world.client("accountant")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes after the commit
        issued = client.post(reverse("billing:invoice_issue", args=[made.pk]))
    invoice = Invoice.objects.get(orders=made)
    assert issued.url == reverse("billing:invoice", args=[invoice.pk])

    page = client.get(issued.url).content.decode()
    assert '<dd class="nowrap">12,345.60 ₽</dd>' in page  # «Всего к оплате»
    assert "2,057.60 (20%)" in page  # a line's VAT and its rate
    assert "12\u202f345,60" not in page

    pdf = pdf_text(client.get(reverse("billing:invoice_pdf", args=[invoice.pk])).content)
    assert "Всего к оплате: 12 345,60" in pdf and "В том числе НДС (20%): 2 057,60" in pdf
    assert "12,345.60" not in pdf

    (mail,) = mailoutbox
    assert "на сумму 12\u202f345,60 ₽" in mail.body
    assert "<strong>12\u202f345,60 ₽</strong>" in mail.alternatives[0][0]
