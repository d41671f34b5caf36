"""The order page and its workflow buttons, through the web: owner, stranger, wrong role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.orders.models import OrderAttachment, OrderComment
from portal.orders.workflow import OrderStatus

from .orders_helpers import build_shop, draft, fingerprint, reload, submitted


@pytest.fixture
def shop(world):
    return build_shop()


@pytest.fixture
def order(world, shop):
    return submitted(world, "dealer_a_employee", [(shop.door, "2"), (shop.window, "1")])


def url(order, action=""):
    return f"/orders/{order.pk}/{action + '/' if action else ''}"


def post(world, who, order, action, **data):
    data.setdefault("version", reload(order).version)
    return world.client(who).post(url(order, action), data, follow=True)


@pytest.mark.parametrize(
    "who", ["dealer_a_employee", "dealer_a_admin", "dealer_a_accountant", "manager_a", "accountant"]
)
def test_order_page_for_those_who_see_it(world, order, who):
    response = world.client(who).get(url(order))
    assert response.status_code == 200
    page = response.content.decode()
    assert order.number in page
    assert "На модерации" in page
    assert "Дверь «Классик»" in page
    assert "20\u202f000,00" in page  # 2 × 10 000,00
    assert "Не оплачен" in page
    assert "История заказа" in page


@pytest.mark.parametrize("who", ["dealer_b_admin", "manager_b", "sub_a1_admin", "sub_b1_admin"])
def test_order_page_is_404_for_strangers(world, order, who):
    assert world.client(who).get(url(order)).status_code == 404


def test_anonymous_goes_to_login(world, order):
    response = world.client(None).get(url(order))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_buttons_match_the_party(world, order):
    buyer = world.client("dealer_a_employee").get(url(order)).content.decode()
    moderator = world.client("manager_a").get(url(order)).content.decode()
    reader = world.client("dealer_a_accountant").get(url(order)).content.decode()
    assert f'action="{url(order, "cancel")}"' in buyer
    assert f'action="{url(order, "confirm")}"' not in buyer
    assert f'action="{url(order, "confirm")}"' in moderator
    assert f'action="{url(order, "reject")}"' in moderator
    assert f'action="{url(order, "ask")}"' in moderator
    assert f'action="{url(order, "cancel")}"' not in reader


def test_submit_a_draft(world, shop):
    order = draft(world, "dealer_a_employee", [(shop.door, "1")])
    response = post(world, "dealer_a_employee", order, "submit")
    order = reload(order)
    assert order.status == OrderStatus.ON_MODERATION
    assert f"Заказ {order.number} отправлен на модерацию." in response.content.decode()


def test_question_and_answer(world, order):
    post(world, "manager_a", order, "ask", text="Какой цвет ручек?")
    assert reload(order).status == OrderStatus.AWAITING_ANSWER
    page = world.client("dealer_a_employee").get(url(order)).content.decode()
    assert "Вопрос продавца" in page and "Какой цвет ручек?" in page
    post(world, "dealer_a_employee", order, "answer", text="Белый.")
    assert reload(order).status == OrderStatus.ON_MODERATION


def test_question_without_text_is_refused_in_russian(world, order):
    before = fingerprint()
    response = post(world, "manager_a", order, "ask", text="  ")
    assert response.status_code == 200
    assert "Напишите текст." in response.content.decode()
    assert fingerprint() == before


def test_confirm(world, order):
    response = post(world, "manager_a", order, "confirm", comment="")
    assert reload(order).status == OrderStatus.CONFIRMED
    assert "Заказ подтверждён." in response.content.decode()


def test_reject_needs_a_reason(world, order):
    before = fingerprint()
    response = post(world, "manager_a", order, "reject", reason="")
    assert "Укажите причину отказа" in response.content.decode()
    assert fingerprint() == before
    post(world, "manager_a", order, "reject", reason="Нет такого профиля в этом цвете.")
    assert reload(order).status == OrderStatus.REJECTED
    page = world.client("dealer_a_employee").get(url(order)).content.decode()
    assert "Нет такого профиля в этом цвете." in page


@pytest.mark.parametrize(
    ("who", "action", "data"),
    [
        ("dealer_a_employee", "confirm", {}),
        ("dealer_a_employee", "reject", {"reason": "сам себе"}),
        ("dealer_a_accountant", "cancel", {}),
        ("manager_a", "answer", {"text": "за покупателя"}),
        ("accountant", "confirm", {}),
    ],
)
def test_the_wrong_side_gets_403_and_nothing_changes(world, order, who, action, data):
    before = fingerprint()
    data["version"] = order.version
    response = world.client(who).post(url(order, action), data)
    assert response.status_code == 403
    assert fingerprint() == before


def test_strangers_cannot_act(world, order):
    before = fingerprint()
    response = world.client("manager_b").post(url(order, "confirm"), {"version": order.version})
    assert response.status_code == 404
    assert fingerprint() == before


def test_cancel_refused_with_the_reason_shown(world, order):
    post(world, "manager_a", order, "confirm")
    page = world.client("dealer_a_employee").get(url(order)).content.decode()
    assert "изменить или отменить его можно только через продавца" in page
    assert f'action="{url(order, "cancel")}"' not in page
    before = fingerprint()
    response = post(world, "dealer_a_employee", order, "cancel")
    assert "только через продавца" in response.content.decode()
    assert fingerprint() == before


def test_buyer_cancels_while_allowed(world, order):
    post(world, "dealer_a_employee", order, "cancel", comment="Передумали")
    assert reload(order).status == OrderStatus.CANCELLED


def test_stale_version_shows_a_message_and_the_fresh_page(world, order):
    stale = order.version
    post(world, "manager_a", order, "ask", text="Вопрос")
    before = fingerprint()
    response = world.client("manager_a").post(
        url(order, "reject"), {"version": stale, "reason": "поздно"}, follow=True
    )
    page = response.content.decode()
    assert "Заказ уже изменил другой пользователь" in page
    assert "Ожидает ответа" in page
    assert fingerprint() == before


def test_moderator_changes_lines_and_the_buyer_sees_exactly_what(world, order):
    door = order.lines.get(position=1)
    data = {
        f"quantity-{door.pk}": "3",
        f"unit_price-{door.pk}": "9500",
        "comment": "Скидка за объём.",
    }
    post(world, "manager_a", order, "change-lines", **data)
    assert reload(order).status == OrderStatus.AWAITING_ANSWER
    page = world.client("dealer_a_employee").get(url(order)).content.decode()
    assert "Продавец изменил заказ" in page
    assert "количество 2 → 3" in page
    assert "цена 10\u202f000,00 → 9\u202f500,00" in page
    assert "Скидка за объём." in page
    post(world, "dealer_a_employee", order, "accept-changes")
    assert reload(order).status == OrderStatus.ON_MODERATION


def test_buyer_cannot_set_prices(world, order):
    door = order.lines.get(position=1)
    before = fingerprint()
    response = world.client("dealer_a_employee").post(
        url(order, "change-lines"), {"version": order.version, f"unit_price-{door.pk}": "1"}
    )
    assert response.status_code == 403
    assert fingerprint() == before


def test_buyer_edits_a_draft(world, shop):
    order = draft(world, "dealer_a_employee", [(shop.door, "1"), (shop.fitting, "2")])
    door, fitting = order.lines.order_by("position")
    post(
        world,
        "dealer_a_employee",
        order,
        "lines",
        **{f"quantity-{door.pk}": "4", f"remove-{fitting.pk}": "1"},
    )
    order = reload(order)
    assert [(line.name, line.quantity) for line in order.lines.all()] == [("Дверь «Классик»", 4)]
    assert order.status == OrderStatus.DRAFT


def test_hand_to_1c_and_start_production(world, order):
    post(world, "manager_a", order, "confirm")
    post(world, "manager_a", order, "hand-to-1c", factory_number="ЗК-7")
    assert reload(order).factory_number == "ЗК-7"
    response = post(world, "manager_a", order, "start-production")
    assert reload(order).status == OrderStatus.IN_PRODUCTION
    assert "Изделия" in response.content.decode()


def test_comment_with_a_file(world, order):
    upload = SimpleUploadedFile("замеры.txt", "Ширина 1200".encode(), content_type="text/plain")
    response = world.client("dealer_a_employee").post(
        url(order, "comment"), {"text": "Замеры во вложении", "files": [upload]}, follow=True
    )
    assert "Комментарий добавлен." in response.content.decode()
    attachment = OrderAttachment.objects.get()
    assert world.client("manager_a").get(f"/orders/attachments/{attachment.pk}/").status_code == 200
    assert world.client("manager_b").get(f"/orders/attachments/{attachment.pk}/").status_code == 404


def test_a_bad_file_is_refused_in_russian(world, order):
    before = fingerprint()
    fake = SimpleUploadedFile("акт.pdf", b"not a pdf at all", content_type="application/pdf")
    response = world.client("dealer_a_employee").post(
        url(order, "comment"), {"text": "акт", "files": [fake]}
    )
    assert response.status_code == 200
    assert "не похож на PDF" in response.content.decode()
    assert not OrderComment.objects.exists()
    assert fingerprint() == before


def test_a_too_big_file_is_refused(world, order):
    big = SimpleUploadedFile("план.txt", b"a" * (10 * 1024 * 1024 + 1))
    response = world.client("dealer_a_employee").post(url(order, "comment"), {"files": [big]})
    assert "больше 10 МБ" in response.content.decode()
    assert not OrderComment.objects.exists()


def test_copy_goes_to_the_page_that_shows_price_differences_first(world, order):
    page = world.client("dealer_a_employee").get(url(order)).content.decode()
    assert reverse("cart:copy", args=[order.pk]) in page


def test_seller_fills_in_planned_date_and_notes(world, order):
    post(
        world,
        "manager_a",
        order,
        "details",
        planned_delivery_date="2026-12-20",
        manager_notes="Отгрузка с 2-го склада",
        factory_number="",
    )
    order = reload(order)
    assert str(order.planned_delivery_date) == "2026-12-20"
    assert order.manager_notes == "Отгрузка с 2-го склада"
    before = fingerprint()
    response = world.client("dealer_a_employee").post(
        url(order, "details"), {"version": order.version, "manager_notes": "я сам"}
    )
    assert response.status_code == 403
    assert fingerprint() == before


def test_the_factory_accountant_issues_an_invoice_from_a_confirmed_order(world, order):
    from portal.billing.models import Invoice

    post(world, "manager_a", order, "confirm")
    invoice_url = reverse("billing:invoice_issue", args=[order.pk])
    assert invoice_url in world.client("accountant").get(url(order)).content.decode()
    assert invoice_url not in world.client("dealer_a_admin").get(url(order)).content.decode()
    response = world.client("accountant").post(invoice_url)
    assert response.status_code == 302 and Invoice.objects.filter(orders=order).exists()
    assert invoice_url not in world.client("accountant").get(url(order)).content.decode()
