"""The orders API: list with filters and cursor, detail, create, edit, verbs, units, comments,
Excel import; strangers get 404, the wrong party 403, a stale version 409, and nothing the
client should not set is ever taken from the body."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from portal.orders import services
from portal.orders.models import Order, OrderComment, OrderUnit
from portal.orders.tests import conftest as orders_conftest
from portal.orders.tests.conftest import draft, reload, state, submitted
from portal.orders.workflow import OrderStatus

shop = orders_conftest.shop  # the orders' small priced catalog, as a fixture here too
URL = "/api/v1/orders/"
NOT_FOUND = {"detail": "Не найдено."}


def url(order, tail: str = "") -> str:
    return f"{URL}{order.pk}/{tail}"


def ok(response, code: int = 200) -> dict:
    assert response.status_code == code, response.content.decode()
    return response.json()


# ---------------------------------------------------------------- list


def test_list_with_filters_and_cursor(world, api, shop):
    made = [submitted(world, "dealer_a_admin", [(shop.door, str(n + 1))]) for n in range(5)]
    other = submitted(world, "dealer_b_admin", [(shop.door, "1")])
    client = api("dealer_a_admin")
    whole = ok(client.get(URL))
    assert whole["count"] == 5 and whole["count_label"] == "5" and whole["next"] is None
    body = ok(client.get(URL, {"limit": 2, "sort": "total"}))
    assert [row["id"] for row in body["results"]] == [made[0].pk, made[1].pk]
    seen = [row["id"] for row in body["results"]]
    while body["next"]:
        body = ok(client.get(URL, {"limit": 2, "sort": "total", "after": body["next"]}))
        seen += [row["id"] for row in body["results"]]
    assert seen == [order.pk for order in made]
    assert other.pk not in seen
    body = ok(client.get(URL, {"total_from": "30000", "total_to": "40000,00"}))
    assert {row["id"] for row in body["results"]} == {made[2].pk, made[3].pk}
    row = ok(client.get(URL, {"q": made[4].number}))["results"][0]
    assert row["number"] == made[4].number and row["payment_state"] == "unpaid"
    assert row["total"] == "50000.00" and row["buyer"]["name"] == "Дилер А"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"total_from": "сто"}, "total_from"),
        ({"status": "lost"}, "status"),
        ({"sort": "price"}, "sort"),
        ({"after": "garbage"}, "after"),
        ({"limit": "1000"}, "limit"),
    ],
)
def test_list_refuses_bad_parameters_in_russian(world, api, params, field):
    body = api("dealer_a_admin").get(URL, params)
    assert body.status_code == 400
    assert body.json()["field"] == field
    assert "«" in body.json()["detail"]


@pytest.mark.parametrize("name", ["author", "dealer", "legal_entity", "subdealer"])
def test_list_by_an_id_that_names_nothing_is_empty_like_the_other_lists(world, api, shop, name):
    """An id filter reads any whole id, as the other lists' id filters do: one that names
    nothing (0 and below included) answers an empty page, not 400; a non-number is 400."""
    submitted(world, "dealer_a_admin", [(shop.door, "1")])
    client = api("factory_admin")
    assert ok(client.get(URL))["count"] == 1
    for unknown in ("999999999", "0", "-7"):
        assert ok(client.get(URL, {name: unknown}))["results"] == [], (name, unknown)
        other_list = ok(client.get("/api/v1/users/", {"organisation": unknown}))
        assert other_list["results"] == []
    for garbage in ("abc", "1.5", str(2**63)):
        assert client.get(URL, {name: garbage}).status_code == 400
        assert client.get("/api/v1/users/", {"organisation": garbage}).status_code == 400


def test_list_query_count_does_not_grow(world, api, shop):
    for _ in range(13):
        submitted(world, "dealer_a_admin", [(shop.door, "1")])
    client = api("dealer_a_admin")
    counts = []
    for limit in (3, 12):
        with CaptureQueriesContext(connection) as queries:
            assert len(ok(client.get(URL, {"limit": limit}))["results"]) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_list_of_a_subdealer_holds_only_its_orders(world, api, shop):
    own = submitted(world, "sub_a1_admin", [(shop.door, "1")])
    submitted(world, "dealer_a_admin", [(shop.door, "1")], for_subdealer_id=world.sub_a1.pk)
    ids = [row["id"] for row in ok(api("sub_a1_admin").get(URL))["results"]]
    assert ids == [own.pk]


# ---------------------------------------------------------------- detail


def test_detail_for_buyer_and_seller_404_for_strangers(world, api, shop):
    order = submitted(world, "dealer_a_admin", [(shop.door, "2")])
    body = ok(api("dealer_a_employee").get(url(order)))
    assert body["number"] == order.number and body["status"] == "on_moderation"
    assert body["lines"][0]["quantity"] == "2.000" and body["total"] == "20000.00"
    assert body["payment"] == {
        "state": "unpaid",
        "label": "Не оплачен",
        "paid": "0.00",
        "remaining": "20000.00",
    }
    assert "cancel" in body["actions"] and "confirm" not in body["actions"]
    assert "confirm" in ok(api("manager_a").get(url(order)))["actions"]
    for stranger in ("manager_b", "dealer_b_admin", "sub_a1_admin", "sub_b1_admin"):
        response = api(stranger).get(url(order))
        assert response.status_code == 404 and response.json() == NOT_FOUND


# ---------------------------------------------------------------- creating and editing


def test_create_ignores_buyer_seller_status_number_and_totals(world, api):
    body = ok(
        api("dealer_a_admin").post(
            URL,
            {
                "buyer": world.dealer_b.pk,
                "seller": world.dealer_a.pk,
                "status": "confirmed",
                "number": "2026-999999",
                "total": "1.00",
                "colour": "Белый",
            },
            format="json",
        ),
        201,
    )
    order = Order.objects.get(pk=body["id"])
    assert (order.buyer, order.seller, order.status) == (
        world.dealer_a,
        world.factory,
        OrderStatus.DRAFT,
    )
    assert order.number is None and order.total == 0 and order.colour == "Белый"


def test_factory_cannot_create_orders(world, api):
    response = api("manager_a").post(URL, {}, format="json")
    assert response.status_code == 403
    assert not Order.objects.exists()


def test_quick_order_lists_bad_lines_and_creates_nothing(world, api, shop):
    client = api("dealer_a_admin")
    body = ok(client.post(f"{URL}quick/", {"text": "DV-100 2\nNOPE 1"}, format="json"))
    assert body["order"] is None and body["valid"] == 1
    assert body["errors"][0]["line_number"] == 2
    assert not Order.objects.exists()
    body = ok(
        client.post(
            f"{URL}quick/", {"text": "DV-100 2\nNOPE 1", "accept_valid": True}, format="json"
        ),
        201,
    )
    assert body["order"]["total"] == "20000.00"


def test_from_cart(world, api, shop):
    actor = world.actor("dealer_a_employee")
    services.cart_add(actor=actor, offer_id=shop.window.pk, quantity="3")
    body = ok(api("dealer_a_employee").post(f"{URL}from-cart/", {}, format="json"), 201)
    assert body["lines"][0]["name"] == shop.window.name and body["total"] == "15000.00"


def test_buyer_edits_lines_but_never_prices(world, api, shop):
    order = draft(world, "dealer_a_admin", [(shop.door, "1")])
    line = order.lines.get()
    client = api("dealer_a_admin")
    body = ok(
        client.post(
            url(order, "lines/"), {"changes": [{"line": line.pk, "quantity": "3"}]}, format="json"
        )
    )
    assert body["total"] == "30000.00"
    before = state(order.pk)
    response = client.post(
        url(order, "lines/"),
        {"changes": [{"line": line.pk, "unit_price": "1"}]},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "unit_price"
    assert state(order.pk) == before


def test_add_line_and_patch_details(world, api, shop):
    order = draft(world, "dealer_a_admin", [(shop.door, "1")])
    client = api("dealer_a_admin")
    body = ok(client.post(url(order, "add-line/"), {"offer": shop.fitting.pk, "quantity": "2"}))
    assert len(body["lines"]) == 2
    body = ok(
        client.patch(
            url(order, ""),
            {"buyer_notes": "Позвонить", "status": "confirmed", "version": body["version"]},
            format="json",
        )
    )
    assert body["buyer_notes"] == "Позвонить" and body["status"] == "draft"


def test_stale_version_is_409_and_changes_nothing(world, api, shop):
    order = submitted(world, "dealer_a_admin", [(shop.door, "1")])
    before = state(order.pk)
    response = api("manager_a").post(url(order, "confirm/"), {"version": order.version - 1})
    assert response.status_code == 409 and response.json()["field"] == "version"
    assert state(order.pk) == before


# ---------------------------------------------------------------- the workflow


def test_the_journey_through_the_verbs(world, api, shop):
    order = draft(world, "dealer_a_admin", [(shop.door, "2")])
    buyer, manager = api("dealer_a_admin"), api("manager_a")
    assert ok(buyer.post(url(order, "submit/")))["status"] == "on_moderation"
    assert ok(manager.post(url(order, "ask/"), {"text": "Цвет?"}))["status"] == "awaiting_answer"
    assert ok(buyer.post(url(order, "answer/"), {"text": "Белый"}))["status"] == "on_moderation"
    line = order.lines.get()
    body = ok(
        manager.post(
            url(order, "change-lines/"),
            {"changes": [{"line": line.pk, "quantity": "3"}], "comment": "Добавили"},
            format="json",
        )
    )
    assert body["status"] == "awaiting_answer"
    assert ok(buyer.post(url(order, "accept-changes/")))["status"] == "on_moderation"
    assert ok(manager.post(url(order, "confirm/")))["status"] == "confirmed"
    body = ok(manager.post(url(order, "hand-to-1c/"), {"factory_number": "ЗК-1"}))
    assert body["status"] == "moderated" and body["factory_number"] == "ЗК-1"
    assert ok(manager.post(url(order, "start-production/")))["status"] == "in_production"


def test_wrong_party_is_403_and_changes_nothing(world, api, shop):
    order = submitted(world, "dealer_a_admin", [(shop.door, "1")])
    before = state(order.pk)
    assert api("dealer_a_admin").post(url(order, "confirm/")).status_code == 403
    assert api("dealer_a_accountant").post(url(order, "cancel/")).status_code == 403
    assert api("manager_b").post(url(order, "confirm/")).status_code == 404
    assert state(order.pk) == before


def test_reject_needs_a_reason(world, api, shop):
    order = submitted(world, "dealer_a_admin", [(shop.door, "1")])
    response = api("manager_a").post(url(order, "reject/"), {"reason": " "})
    assert response.status_code == 400 and response.json()["field"] == "reason"
    body = ok(api("manager_a").post(url(order, "reject/"), {"reason": "Нет профиля"}))
    assert body["status"] == "rejected" and body["rejection_reason"] == "Нет профиля"


def _in_production(world, shop, who="dealer_a_admin", quantity="5") -> Order:
    order = submitted(world, who, [(shop.window, quantity)], kind="made_to_measure")
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    services.order_hand_to_1c(actor=manager, order_id=order.pk)
    services.order_start_production(actor=manager, order_id=order.pk)
    return reload(order)


def test_units_ready_ship_receive_sell(world, api, shop):
    order = _in_production(world, shop)
    units = ok(api("dealer_a_admin").get(url(order, "units/")))
    assert len(units) == 5 and {u["status"] for u in units} == {"in_production"}
    four = [u["id"] for u in units[:4]]
    manager = api("manager_a")
    ok(manager.post(url(order, "units/ready/"), {"units": four}, format="json"))
    response = manager.post(url(order, "units/ship/"), {"units": four, "shipment_document": ""})
    assert response.status_code == 400 and response.json()["field"] == "shipment_document"
    body = ok(
        manager.post(
            url(order, "units/ship/"), {"units": four, "shipment_document": "ОТГ-7"}, format="json"
        )
    )
    assert sum(u["status"] == "in_delivery" for u in body) == 4
    assert reload(order).status == OrderStatus.PARTIALLY_SHIPPED
    assert api("dealer_a_admin").post(url(order, "units/ship/"), {"units": four}).status_code in (
        400,
        403,
    )
    buyer = api("dealer_a_admin")
    ok(buyer.post(url(order, "units/receive/"), {"units": four[:1]}, format="json"))
    body = ok(buyer.post(url(order, "units/sell/"), {"units": four[:1]}, format="json"))
    assert body[0]["status"] == "sold"
    assert api("dealer_b_admin").get(url(order, "units/")).status_code == 404


def test_units_of_a_bundled_subdealer_order_show_its_own_lines(world, api, shop):
    sub_order = submitted(world, "sub_a1_admin", [(shop.window, "2")], kind="made_to_measure")
    dealer = world.actor("dealer_a_admin")
    services.order_confirm(actor=dealer, order_id=sub_order.pk)
    bundle = services.subdealer_orders_bundle(actor=dealer, order_ids=[sub_order.pk])
    services.order_submit(actor=dealer, order_id=bundle.pk)
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=bundle.pk)
    services.order_hand_to_1c(actor=manager, order_id=bundle.pk)
    services.order_start_production(actor=manager, order_id=bundle.pk)
    units = ok(api("sub_a1_admin").get(url(sub_order, "units/")))
    own_line = sub_order.lines.get()
    assert len(units) == 2 and {u["line"]["id"] for u in units} == {own_line.pk}
    factory_lines = set(reload(bundle).lines.values_list("pk", flat=True))
    assert not {u["line"]["id"] for u in units} & factory_lines
    assert api("sub_a1_admin").get(url(bundle)).status_code == 404
    body = ok(api("sub_a1_admin").get(url(sub_order)))
    assert "bundled_into" not in body


# ---------------------------------------------------------------- comments


def test_comments_with_files(world, api, shop):
    order = submitted(world, "dealer_a_admin", [(shop.door, "1")])
    upload = SimpleUploadedFile("замер.txt", "Ширина 1200".encode(), content_type="text/plain")
    body = ok(
        api("dealer_a_employee").post(
            url(order, "comments/"), {"text": "Замер", "files": [upload]}, format="multipart"
        ),
        201,
    )
    assert body["attachments"][0]["name"] == "замер.txt"
    listed = ok(api("manager_a").get(url(order, "comments/")))
    assert [c["text"] for c in listed] == ["Замер"]
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    response = api("manager_a").post(url(order, "comments/"), {"files": [bad]}, format="multipart")
    assert response.status_code == 400 and response.json()["field"] == "files"
    assert OrderComment.objects.count() == 1
    assert api("dealer_b_admin").get(url(order, "comments/")).status_code == 404


# ---------------------------------------------------------------- Excel import


def _form(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Артикул", "Наименование", "Количество"])
    for row in rows:
        sheet.append(row)
    data = BytesIO()
    book.save(data)
    return data.getvalue()


def test_excel_preview_then_accept(world, api, shop):
    client = api("dealer_a_admin")
    upload = SimpleUploadedFile("zakaz.xlsx", _form([["DV-100", "Дверь", 2], ["NOPE", "?", 1]]))
    preview = ok(client.post(f"{URL}import/preview/", {"file": upload}, format="multipart"))
    assert len(preview["lines"]) == 1 and preview["refused"][0]["row"] == 3
    assert not Order.objects.exists()
    body = ok(client.post(f"{URL}import/accept/", {"token": preview["token"]}), 201)
    assert body["created"] and body["order"]["total"] == "20000.00"
    again = ok(client.post(f"{URL}import/accept/", {"token": preview["token"]}))
    assert again["created"] is False and again["order"]["id"] == body["order"]["id"]


def test_copy(world, api, shop):
    order = submitted(world, "dealer_a_admin", [(shop.door, "1")])
    body = ok(api("dealer_a_admin").post(url(order, "copy/")), 201)
    assert body["order"]["status"] == "draft" and body["order"]["id"] != order.pk
    assert api("manager_a").post(url(order, "copy/")).status_code == 403
    assert OrderUnit.objects.count() == 0 and Decimal(body["order"]["total"]) == order.total
