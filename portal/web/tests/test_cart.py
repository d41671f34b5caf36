"""The cart: adding from the catalog and the configurator, quantities over htmx, removing, and
turning it into a draft or a submitted order. A sub-dealer sees only its dealer's price."""

from decimal import Decimal

import pytest

from portal.catalog.configurator.services import snapshot_create
from portal.demo import configurator as demo_configurator
from portal.orders.models import CartLine, Order
from portal.orders.workflow import OrderStatus
from portal.pricing.formatting import format_money

from .cart_shop import DEALER_A_DOOR, FACTORY_DOOR, SUB_A1_DOOR, make_shop, page

HTMX = {"HX-Request": "true"}


@pytest.fixture
def shop(world):
    return make_shop(world)


def add(client, offer, quantity="1", **extra):
    return client.post(
        "/cart/add/", {"offer": offer.pk, "quantity": quantity, "next": "/catalog/"}, **extra
    )


def cart_lines(world, who):
    return list(CartLine.objects.filter(cart__user=world.users[who]).order_by("pk"))


def test_anonymous_goes_to_login(client, db):
    assert client.get("/cart/")["Location"].startswith("/login/")
    assert client.post("/cart/add/", {"offer": 1})["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["factory_admin", "manager_a", "accountant", "dealer_a_accountant"])
def test_people_who_do_not_order_have_no_cart(world, shop, who):
    """Decision: factory staff (they sell) and accountants (they read) get 403, and no
    «Корзина» in the menu and no «В корзину» button."""
    client = world.client(who)
    response = client.get("/cart/")
    assert response.status_code == 403
    assert "Корзина есть у администраторов и сотрудников" in page(response)
    assert add(client, shop.door).status_code == 403
    assert not CartLine.objects.exists()
    home = page(client.get("/"))
    assert "/cart/" not in home
    product = page(client.get(f"/catalog/products/{shop.door.product_id}/"))
    assert "В корзину" not in product


def test_add_from_the_catalog_and_see_the_dealers_own_price(world, shop):
    client = world.client("dealer_a_employee")
    product = page(client.get(f"/catalog/products/{shop.door.product_id}/"))
    assert 'action="/cart/add/"' in product and "В корзину" in product
    response = add(client, shop.door, "2")
    assert response.status_code == 302 and response["Location"] == "/catalog/"
    assert add(client, shop.door, "1").status_code == 302  # the same offer adds up
    [line] = cart_lines(world, "dealer_a_employee")
    assert line.quantity == 3
    cart = page(client.get("/cart/"))
    assert DEALER_A_DOOR in cart
    assert format_money(Decimal("867.51") * 3) in cart
    assert "Корзина (1)" in cart  # the menu counts the lines


def test_add_over_htmx_answers_a_small_fragment(world, shop):
    client = world.client("dealer_a_employee")
    response = add(client, shop.window, "2", headers=HTMX)
    assert response.status_code == 200
    text = page(response)
    assert "Добавлено в корзину." in text and "В корзине строк: 1" in text
    assert "<html" not in text


def test_subdealer_sees_its_dealers_price_and_never_the_factory_price(world, shop):
    demo_configurator.build()
    sub = world.actor("sub_a1_employee")
    saved = snapshot_create(actor=sub, code="pvc-window", choices={})
    factory_list_total = format_money(Decimal(saved.list_price["total"]))
    client = world.client("sub_a1_employee")
    snapshot_page = page(client.get(f"/configurator/saved/{saved.pk}/"))
    assert 'action="/cart/add-configuration/"' in snapshot_page

    pages = [
        page(client.get(f"/catalog/products/{shop.door.product_id}/")),
        page(add(client, shop.door, "1", headers=HTMX)),
        page(client.post("/cart/add-configuration/", {"snapshot": saved.pk, "quantity": "2"})),
    ]
    door_line, _configuration_line = cart_lines(world, "sub_a1_employee")
    pages += [
        page(client.get("/cart/")),
        page(client.post(f"/cart/lines/{door_line.pk}/", {"quantity": "2"}, headers=HTMX)),
        page(client.post("/cart/quick/", {"text": "DV-100 1", "action": "check"})),
    ]
    cart = pages[3]
    assert SUB_A1_DOOR in cart
    assert "<svg" in cart  # the configuration's drawing as the thumbnail
    assert f"/configurator/saved/{saved.pk}/" in cart
    assert SUB_A1_DOOR in pages[4] and format_money(Decimal("954.26") * 2) in pages[4]
    assert SUB_A1_DOOR in pages[5]
    for text in pages:
        assert FACTORY_DOOR not in text and "913.17" not in text
        assert DEALER_A_DOOR not in text and "867.51" not in text
    for text in pages[3:]:
        assert factory_list_total not in text


def test_withdrawn_product_is_refused_and_has_no_button(world, shop):
    client = world.client("dealer_a_employee")
    product = page(client.get(f"/catalog/products/{shop.withdrawn.product_id}/"))
    assert "В корзину" not in product
    response = add(client, shop.withdrawn)
    assert response.status_code == 302
    assert "снят с продажи" in page(client.get(response["Location"]))
    assert cart_lines(world, "dealer_a_employee") == []
    fragment = page(add(client, shop.unpriced, headers=HTMX))
    assert "нет цены" in fragment
    assert cart_lines(world, "dealer_a_employee") == []


def test_catalog_list_rows_have_the_button(world, shop):
    text = page(world.client("dealer_a_employee").get("/catalog/"))
    assert f'name="offer" value="{shop.door.pk}"' in text
    assert f'name="offer" value="{shop.withdrawn.pk}"' not in text


def test_quantity_update_and_remove_over_htmx(world, shop):
    client = world.client("dealer_a_employee")
    add(client, shop.door, "1")
    add(client, shop.window, "1")
    door, window = cart_lines(world, "dealer_a_employee")
    fragment = page(client.post(f"/cart/lines/{door.pk}/", {"quantity": "4"}, headers=HTMX))
    assert fragment.lstrip().startswith('<section id="cart-lines"')
    assert format_money(Decimal("867.51") * 4 + Decimal("4750.00")) in fragment  # the total
    refused = page(client.post(f"/cart/lines/{door.pk}/", {"quantity": "-1"}, headers=HTMX))
    assert "должно быть больше нуля" in refused
    assert CartLine.objects.get(pk=door.pk).quantity == 4
    fragment = page(client.post(f"/cart/lines/{window.pk}/remove/", headers=HTMX))
    assert "Окно ПВХ" not in fragment
    assert [line.pk for line in cart_lines(world, "dealer_a_employee")] == [door.pk]
    without_htmx = client.post(f"/cart/lines/{door.pk}/remove/")
    assert without_htmx.status_code == 302 and without_htmx["Location"] == "/cart/"
    assert cart_lines(world, "dealer_a_employee") == []


def test_someone_elses_cart_line_is_not_found(world, shop):
    add(world.client("dealer_a_employee"), shop.door, "1")
    [line] = cart_lines(world, "dealer_a_employee")
    for who in ("dealer_a_admin", "dealer_b_admin", "sub_a1_admin"):
        client = world.client(who)
        assert client.post(f"/cart/lines/{line.pk}/", {"quantity": "9"}).status_code == 404
        assert client.post(f"/cart/lines/{line.pk}/remove/").status_code == 404
    assert CartLine.objects.get(pk=line.pk).quantity == 1


def test_another_companys_configuration_is_not_found(world, shop):
    demo_configurator.build()
    theirs = snapshot_create(actor=world.actor("dealer_b_admin"), code="pvc-window", choices={})
    client = world.client("dealer_a_employee")
    response = client.post("/cart/add-configuration/", {"snapshot": theirs.pk, "quantity": "1"})
    assert response.status_code == 404
    assert not CartLine.objects.exists()
    page_of_theirs = client.get(f"/configurator/saved/{theirs.pk}/")
    assert page_of_theirs.status_code == 404


def order_form(action: str, world, **extra) -> dict:
    return {
        "action": action,
        "kind": "standard",
        "legal_entity": world.legal_entities["dealer_a"].pk,
        "desired_delivery_date": "2031-05-20",
        "colour": "Белый",
        "buyer_notes": "Позвоните перед доставкой",
        **extra,
    }


def test_cart_becomes_a_draft(world, shop):
    client = world.client("dealer_a_employee")
    add(client, shop.door, "2")
    response = client.post("/cart/order/", order_form("draft", world))
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{order.pk}/"
    assert order.status == OrderStatus.DRAFT and order.seller == world.factory
    assert order.colour == "Белый" and str(order.desired_delivery_date) == "2031-05-20"
    assert order.buyer_notes == "Позвоните перед доставкой"
    assert order.lines.get().unit_price == Decimal("867.51")
    assert order.total == Decimal("1735.02")
    assert cart_lines(world, "dealer_a_employee") == []


def test_subdealers_cart_is_submitted_to_its_dealer(world, shop):
    client = world.client("sub_a1_admin")
    add(client, shop.door, "1")
    form = order_form("submit", world, legal_entity=world.legal_entities["sub_a1"].pk)
    response = client.post("/cart/order/", form)
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.status == OrderStatus.ON_MODERATION and order.number
    assert order.seller == world.dealer_a and order.buyer == world.sub_a1
    assert order.lines.get().unit_price == Decimal("954.26")


def test_refused_submission_changes_nothing(world, shop):
    client = world.client("dealer_a_employee")
    add(client, shop.door, "1")
    shop.door.product.is_active = False
    shop.door.product.save()
    response = client.post("/cart/order/", order_form("submit", world))
    assert response.status_code == 400
    assert "снят с продажи" in page(response)
    assert not Order.objects.exists()
    assert len(cart_lines(world, "dealer_a_employee")) == 1


def test_another_companys_legal_entity_is_refused(world, shop):
    client = world.client("dealer_a_employee")
    add(client, shop.door, "1")
    form = order_form("draft", world, legal_entity=world.legal_entities["dealer_b"].pk)
    response = client.post("/cart/order/", form)
    assert response.status_code == 400
    assert not Order.objects.exists()
    assert len(cart_lines(world, "dealer_a_employee")) == 1


def test_empty_cart_says_so(world):
    client = world.client("dealer_a_employee")
    assert "Корзина пуста" in page(client.get("/cart/"))
    response = client.post("/cart/order/", order_form("draft", world))
    assert response.status_code == 400 and "Корзина пуста" in page(response)
