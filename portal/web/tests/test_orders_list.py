"""The order list (filters in the URL, htmx partial, keyset pages, columns, saved views, xlsx)
and the moderation queue."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from portal.orders.models import Order, OrderEvent, SavedOrderView
from portal.orders.workflow import OrderStatus

from .orders_helpers import build_shop, draft, fingerprint, submitted


@pytest.fixture
def shop(world):
    return build_shop()


def drafts(world, count: int) -> None:
    """Plain drafts of dealer A, written directly: the list only reads them."""
    Order.objects.bulk_create(
        Order(
            buyer=world.dealer_a,
            seller=world.factory,
            legal_entity=world.legal_entities["dealer_a"],
            author=world.dealer_a_employee,
        )
        for _ in range(count)
    )


def test_list_shows_own_orders_only(world, shop):
    mine = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    theirs = submitted(world, "dealer_b_admin", [(shop.door, "1")])
    page = world.client("dealer_a_admin").get("/orders/").content.decode()
    assert mine.number in page and theirs.number not in page
    manager = world.client("manager_b").get("/orders/").content.decode()
    assert theirs.number in manager and mine.number not in manager


def test_anonymous_goes_to_login(world):
    response = world.client(None).get("/orders/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_filters_live_in_the_url_and_htmx_gets_the_table_only(world, shop):
    waiting = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    plain = draft(world, "dealer_a_employee", [(shop.window, "1")])
    client = world.client("dealer_a_employee")
    response = client.get("/orders/", {"status": "on_moderation"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert "<html" not in text and 'id="order-results"' in text
    assert waiting.number in text and f"Черновик №{plain.pk}" not in text
    full = client.get("/orders/", {"status": "on_moderation"}).content.decode()
    assert "<html" in full and 'hx-push-url="true"' in full


def test_factory_picks_a_dealer_before_its_people(world, shop):
    """Hundreds of dealers mean thousands of people: the factory chooses the dealer first."""
    mine = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    theirs = submitted(world, "dealer_b_admin", [(shop.door, "1")])
    client = world.client("factory_admin")
    page = client.get("/orders/", {"sort": "newest"}).content.decode()
    assert 'data-reload="full" id="id_dealer" name="dealer"' in page
    assert "сначала выберите дилера" in page
    assert world.dealer_a_employee.full_name not in page
    page = client.get("/orders/", {"dealer": world.dealer_a.pk}).content.decode()
    assert mine.number in page and theirs.number not in page
    assert world.dealer_a_employee.full_name in page
    assert world.dealer_b_admin.full_name not in page
    assert "сначала выберите дилера" not in page


def test_dealer_filter_is_the_factorys_only(world, shop):
    page = world.client("dealer_a_admin").get("/orders/", {"sort": "newest"}).content.decode()
    assert 'name="dealer"' not in page
    assert world.dealer_a_employee.full_name in page  # the author filter, without a dealer


def test_search_by_number(world, shop):
    one = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    two = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    text = world.client("dealer_a_employee").get("/orders/", {"q": one.number}).content.decode()
    assert one.number in text and two.number not in text


def test_bad_filter_is_explained_in_russian(world):
    text = world.client("dealer_a_employee").get("/orders/", {"total_from": "много"}).content
    assert "Поле «Сумма от»: введите сумму числом" in text.decode()


def test_keyset_pages(world):
    drafts(world, 60)
    client = world.client("dealer_a_employee")
    first = client.get("/orders/")
    assert first.context["page"].has_next
    second = client.get(first.context["next_url"].replace("?", "/orders/?", 1))
    rows_one = {row.id for row in first.context["page"].rows}
    rows_two = {row.id for row in second.context["page"].rows}
    assert len(rows_one) == 50 and len(rows_two) == 10 and not rows_one & rows_two


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_query_count_is_the_same_for_10_and_50_rows(world):
    client = world.client("dealer_a_admin")
    drafts(world, 10)
    ten = queries(client, "/orders/?sort=newest")
    drafts(world, 40)
    fifty = queries(client, "/orders/?sort=newest")
    assert client.get("/orders/?sort=newest").context["page"].rows.__len__() == 50
    assert ten == fifty


def test_column_chooser(world, shop):
    submitted(world, "dealer_a_employee", [(shop.door, "1")], colour="Белый")
    client = world.client("dealer_a_employee")
    text = client.get("/orders/", {"cols": ["number", "author"]}).content.decode()
    assert "<th>Автор</th>" in text and "<th>Покупатель</th>" not in text


def test_export_xlsx_follows_the_filters(world, shop):
    waiting = submitted(world, "dealer_a_employee", [(shop.door, "2")])
    plain = draft(world, "dealer_a_employee", [(shop.window, "1")])
    response = world.client("dealer_a_employee").get(
        "/orders/export.xlsx", {"status": "on_moderation"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [waiting.number] and f"Черновик №{plain.pk}" not in numbers


def test_saved_views(world):
    client = world.client("dealer_a_employee")
    response = client.post(
        "/orders/views/save/",
        {
            "name": "Ждут",
            "query": "status=on_moderation",
            "cols": ["number", "total"],
            "is_default": "on",
        },
    )
    view = SavedOrderView.objects.get(user=world.dealer_a_employee)
    assert view.query == "status=on_moderation" and view.is_default
    assert response["Location"].startswith("/orders/?status=on_moderation")
    assert client.get("/orders/").status_code == 302  # the default view opens
    other = world.client("dealer_a_admin")
    before = fingerprint()
    assert other.post(f"/orders/views/{view.pk}/delete/").status_code == 404
    assert fingerprint() == before
    client.post(f"/orders/views/{view.pk}/delete/")
    assert not SavedOrderView.objects.exists()


def test_copy_button_only_on_own_orders(world, shop):
    mine = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    buyer = world.client("dealer_a_employee").get("/orders/").content.decode()
    manager = world.client("manager_a").get("/orders/").content.decode()
    link = f"/cart/copy/{mine.pk}/"
    assert link in buyer and link not in manager


@pytest.mark.parametrize(
    ("language", "total", "left"),
    [
        ("ru", "10\u202f000,00", "осталось 1\u202f234,56"),
        ("en", "10,000.00", "outstanding 1,234.56"),
    ],
)
def test_a_row_writes_its_total_and_what_is_left_the_same_way(world, shop, language, total, left):
    """Both amounts of a partly paid order in the reader's language (they once differed)."""
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    assert order.total == Decimal("10000.00")
    Order.objects.filter(pk=order.pk).update(paid_amount=Decimal("8765.44"))
    client = world.client("dealer_a_employee")
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    page = client.get("/orders/").content.decode()
    row = next(line for line in page.split("<tr>") if order.number in line)
    assert f'<td class="num nowrap">{total}</td>' in row
    assert f'<span class="muted nowrap">{left}</span>' in row


# ---------------------------------------------------------------- moderation queue


def test_moderation_queue_oldest_first_with_the_wait(world, shop):
    older = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    newer = submitted(world, "dealer_a_admin", [(shop.door, "1")])
    OrderEvent.objects.filter(order=older, to_status=OrderStatus.ON_MODERATION).update(
        at=timezone.now() - timedelta(hours=2, minutes=15, seconds=10)
    )
    stranger = submitted(world, "dealer_b_admin", [(shop.door, "1")])
    text = world.client("manager_a").get("/orders/moderation/").content.decode()
    assert text.index(older.number) < text.index(newer.number)
    assert "ждёт 2 ч 15 мин" in text
    assert stranger.number not in text


def test_moderation_queue_pages_by_fifty_with_constant_queries(world):
    """A manager with thousands of waiting orders gets them fifty at a time, oldest first."""
    start = timezone.now() - timedelta(days=30)
    Order.objects.bulk_create(
        Order(
            buyer=world.dealer_a,
            seller=world.factory,
            legal_entity=world.legal_entities["dealer_a"],
            author=world.dealer_a_employee,
            status=OrderStatus.ON_MODERATION,
            number=f"2026-{n:06d}",
            submitted_at=start + timedelta(hours=n),
        )
        for n in range(1, 56)
    )
    client = world.client("manager_a")
    client.get("/orders/moderation/")  # warm the session
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/orders/moderation/").content.decode()
    assert "(55)" in first and "Страница 1 из 2" in first
    assert "2026-000001" in first and "2026-000050" in first and "2026-000051" not in first
    second = client.get("/orders/moderation/", {"page": 2})
    assert "2026-000055" in second.content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get("/orders/moderation/", {"page": 2})
    assert len(again) == len(queries)


def test_dealer_queue_holds_its_subdealers_orders(world, shop):
    from .orders_helpers import with_subdealer_markups

    with_subdealer_markups(world)
    sub_order = submitted(world, "sub_a1_admin", [(shop.door, "1")])
    own = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    text = world.client("dealer_a_employee").get("/orders/moderation/").content.decode()
    assert sub_order.number in text and own.number not in text


@pytest.mark.parametrize("who", ["accountant", "dealer_a_accountant", "sub_a1_admin"])
def test_moderation_queue_is_not_for_everybody(world, who):
    assert world.client(who).get("/orders/moderation/").status_code == 403


def test_navigation_has_orders_and_moderation(world):
    manager = world.client("manager_a").get("/orders/").content.decode()
    assert 'href="/orders/"' in manager and 'href="/orders/moderation/"' in manager
    sub = world.client("sub_a1_employee").get("/orders/").content.decode()
    assert 'href="/orders/"' in sub and 'href="/orders/moderation/"' not in sub
