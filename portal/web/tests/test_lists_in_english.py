"""The order list and the invoices page follow the reader's language (column headers, statuses,
payment states, sorts, filter labels); refusals naming a status stay Russian."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.tests.builders import order
from portal.orders.workflow import OrderStatus

from .orders_helpers import build_shop, draft, submitted


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_order_list_in_english(world):
    shop = build_shop()
    waiting = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    plain = draft(world, "dealer_a_employee", [(shop.window, "1")])
    page = english(world.client("dealer_a_employee")).get("/orders/").content.decode()
    for header in ("Number", "1C number", "Date", "Buyer", "Status", "Payment"):
        assert f"<th>{header}</th>" in page
    assert '<th class="num">Amount incl. VAT</th>' in page
    row = next(line for line in page.split("<tr>") if waiting.number in line)
    assert ">In moderation</span>" in row and ">Unpaid</span>" in row
    assert f">Draft No. {plain.pk}</a>" in page
    assert "Newest first" in page and "Awaiting answer" in page  # sorts and status filter
    for russian in ("<th>Номер</th>", "На модерации", "Не оплачен", "Черновик №", "Сначала новые"):
        assert russian not in page


def test_order_export_follows_the_readers_language(world):
    """The xlsx is the reader's own copy of the list: it follows the page's language."""
    shop = build_shop()
    waiting = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    client = english(world.client("dealer_a_employee"))
    sheet = load_workbook(BytesIO(client.get("/orders/export.xlsx").content)).active
    header, row = sheet.iter_rows(values_only=True)
    assert sheet.title == "Orders"
    assert header[:3] == ("Number", "1C number", "Date") and "Status" in header
    assert row[0] == waiting.number and "In moderation" in row and "Unpaid" in row


def test_order_list_in_russian_is_unchanged(world):
    shop = build_shop()
    waiting = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    page = world.client("dealer_a_employee").get("/orders/").content.decode()
    assert "<th>Номер</th>" in page and '<th class="num">Сумма с НДС</th>' in page
    row = next(line for line in page.split("<tr>") if waiting.number in line)
    assert ">На модерации</span>" in row and ">Не оплачен</span>" in row
    assert "Сначала новые" in page


def test_invoices_page_filters_and_statuses_in_english(world):
    made = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    page = english(world.client("accountant")).get(reverse("billing:invoices")).content.decode()
    for label in ("From", "To", "Legal entity", "Status", "Source", "Number"):
        assert f'">{label}</label>' in page
    assert 'placeholder="Invoice or order"' in page
    assert '<option value="" selected>All</option>' in page
    assert '<option value="partially_paid">Partially paid</option>' in page
    assert '<option value="portal">Portal</option>' in page
    assert ">Issued</span>" in page  # the invoice's status in the table
    for russian in ("Юрлицо", "Счёт или заказ", ">Все<", "Оплачен частично", "Выставлен"):
        assert russian not in page


def test_a_refusal_during_an_english_request_names_the_status_in_russian(world):
    made = order(world, status=OrderStatus.ON_MODERATION)
    client = english(world.client("accountant"))
    response = client.post(reverse("billing:invoice_issue", args=[made.pk]), follow=True)
    assert "а этот заказ в статусе «На модерации»." in response.content.decode()
