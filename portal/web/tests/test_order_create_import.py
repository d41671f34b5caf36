"""The Excel import page: the blank form, the upload's preview with priced rows and refused
rows (with Excel's row numbers), and accepting the valid rows once (repeating is safe)."""

import io
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.orders.excel import MAX_FILE_BYTES
from portal.orders.models import Order, OrderLine

from .cart_shop import DEALER_A_DOOR, FACTORY_DOOR, SUB_A1_DOOR, make_shop, page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = [["Артикул", "Количество"], ["DV-100", 2], ["ZZ-404", 1], ["OLD-1", 3], ["OK-200", 1]]


@pytest.fixture
def shop(world):
    cache.clear()
    return make_shop(world)


def workbook(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "заказ.xlsx"):
    return client.post("/cart/import/", {"file": SimpleUploadedFile(name, data, XLSX)})


def token_of(text: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', text).group(1)


def test_template_downloads(world, shop):
    response = world.client("dealer_a_employee").get("/cart/import/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Заказ"


def test_preview_then_accept_creates_one_draft(world, shop):
    client = world.client("dealer_a_employee")
    response = upload(client, workbook(ROWS))
    text = page(response)
    assert response.status_code == 200
    assert '<td>3</td><td class="mono">ZZ-404</td>' in text
    assert '<td>4</td><td class="mono">OLD-1</td>' in text and "снят с продажи" in text
    assert DEALER_A_DOOR in text and "Принять допустимые строки (2)" in text
    assert not Order.objects.exists()

    form = {"token": token_of(text), "kind": "standard"}
    response = client.post("/cart/import/accept/", form)
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.pk}/"
    assert order.buyer == world.dealer_a and order.lines.count() == 2
    again = client.post("/cart/import/accept/", form)  # a double click
    assert again["Location"] == f"/orders/{order.pk}/"
    assert Order.objects.count() == 1 and OrderLine.objects.count() == 2


def test_subdealer_preview_shows_its_dealers_price_only(world, shop):
    text = page(upload(world.client("sub_a1_employee"), workbook(ROWS)))
    assert SUB_A1_DOOR in text
    assert FACTORY_DOOR not in text and DEALER_A_DOOR not in text


def test_bad_files_are_refused_on_the_form(world, shop):
    client = world.client("dealer_a_employee")
    response = upload(client, b"hello", name="заказ.txt")
    assert response.status_code == 400 and "Загрузите файл Excel" in page(response)
    response = upload(client, b"<html>not excel</html>", name="заказ.xls")
    assert response.status_code == 400
    too_big = b"PK" + b"0" * MAX_FILE_BYTES
    response = upload(client, too_big)
    assert response.status_code == 400 and "Файл больше" in page(response)
    assert not Order.objects.exists()


def test_someone_elses_preview_is_refused(world, shop):
    text = page(upload(world.client("dealer_a_employee"), workbook(ROWS)))
    response = world.client("dealer_a_admin").post(
        "/cart/import/accept/", {"token": token_of(text), "kind": "standard"}
    )
    assert response.status_code == 400 and "Загрузите файл ещё раз" in page(response)
    assert not Order.objects.exists()


def test_import_is_for_people_who_order(world, shop):
    client = world.client("accountant")
    assert client.get("/cart/import/").status_code == 403
    assert upload(client, workbook(ROWS)).status_code == 403
