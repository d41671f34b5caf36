"""Quick order into the cart, copy of an earlier order with its price differences, and the
dealer's bundle of accepted sub-dealer orders into one order to the factory."""

from decimal import Decimal

import pytest

from portal.catalog.models import Price
from portal.orders import services
from portal.orders.models import CartLine, Order, OrderLine
from portal.orders.workflow import OrderStatus

from .cart_shop import make_shop, page


@pytest.fixture
def shop(world):
    return make_shop(world)


def cart_of(world, who) -> dict[str, Decimal]:
    lines = CartLine.objects.filter(cart__user=world.users[who]).select_related("offer__product")
    return {line.offer.product.article: line.quantity for line in lines}


QUICK = "DV-100 2\nZZ-404 1\nOLD-1\t3\nOK-200;abc\n\nOK-200;5"


def test_quick_order_preview_lists_bad_lines_with_numbers_and_adds_nothing(world, shop):
    client = world.client("dealer_a_employee")
    response = client.post("/cart/quick/", {"text": QUICK, "action": "check"})
    text = page(response)
    assert response.status_code == 200
    assert "Строки с ошибками: 3" in text and "Допустимые строки: 2" in text
    assert '<td>2</td><td class="mono">ZZ-404 1</td><td>артикул «ZZ-404» не найден' in text
    assert "<td>3</td>" in text and "снят с продажи" in text
    assert "<td>4</td>" in text and "должно быть числом" in text
    assert "<td>6</td>" in text  # numbered as pasted, the blank line counts
    assert "Добавить допустимые строки (2)" in text
    assert cart_of(world, "dealer_a_employee") == {}


def test_quick_order_adds_only_the_valid_lines_to_the_cart(world, shop):
    client = world.client("dealer_a_employee")
    response = client.post("/cart/quick/", {"text": QUICK, "action": "add"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert cart_of(world, "dealer_a_employee") == {"DV-100": 2, "OK-200": 5}
    cart = page(client.get("/cart/"))
    assert "В корзину добавлено строк: 2. Пропущено строк с ошибками: 3." in cart


def test_quick_order_with_nothing_valid_adds_nothing(world, shop):
    client = world.client("sub_a1_admin")
    response = client.post("/cart/quick/", {"text": "ZZ-404 1\nOLD-1 2", "action": "add"})
    assert response.status_code == 200
    assert "Ни одну строку добавить нельзя" in page(response)
    assert cart_of(world, "sub_a1_admin") == {}


def test_quick_order_is_for_people_who_order(world, shop):
    response = world.client("manager_a").post("/cart/quick/", {"text": "DV-100 1"})
    assert response.status_code == 403
    assert not CartLine.objects.exists()


@pytest.fixture
def earlier_order(world, shop):
    actor = world.actor("dealer_a_employee")
    order = services.order_create(actor=actor)
    for offer, quantity in ((shop.door, "2"), (shop.window, "1")):
        services.order_add_line(
            actor=actor, order_id=order.pk, offer_id=offer.pk, quantity=quantity
        )
    return services.order_submit(actor=actor, order_id=order.pk)


def test_copy_shows_price_differences_first_then_creates_the_draft(world, shop, earlier_order):
    Price.objects.filter(offer=shop.door).update(amount=Decimal("1000.00"))  # dealer: 950,00
    client = world.client("dealer_a_admin")
    url = f"/cart/copy/{earlier_order.pk}/"
    preview = client.post(url)  # the order page's button
    text = page(preview)
    assert preview.status_code == 200
    assert "867,51" in text and "950,00" in text and "+82,49" in text
    assert "Цены изменились в строках: 1." in text
    assert Order.objects.count() == 1
    response = client.post(url, {"confirm": "1"})
    copy = Order.objects.exclude(pk=earlier_order.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/orders/{copy.pk}/"
    assert copy.status == OrderStatus.DRAFT and copy.author == world.dealer_a_admin
    prices = list(copy.lines.order_by("position").values_list("unit_price", flat=True))
    assert prices == [Decimal("950.00"), Decimal("4750.00")]


def test_copy_lists_lines_that_can_no_longer_be_ordered(world, shop, earlier_order):
    shop.window.product.is_active = False
    shop.window.product.save()
    text = page(world.client("dealer_a_employee").get(f"/cart/copy/{earlier_order.pk}/"))
    assert "Не войдут в копию" in text and "Строка 2 «Окно ПВХ 1200×1400»" in text
    assert "снят с продажи" in text


def test_copy_stranger_404_seller_403_and_nothing_created(world, shop, earlier_order):
    url = f"/cart/copy/{earlier_order.pk}/"
    assert world.client("dealer_b_admin").post(url, {"confirm": "1"}).status_code == 404
    assert world.client("sub_a1_admin").get(url).status_code == 404
    assert world.client("manager_a").post(url, {"confirm": "1"}).status_code == 403
    assert world.client("dealer_a_accountant").post(url, {"confirm": "1"}).status_code == 403
    assert Order.objects.count() == 1


@pytest.fixture
def accepted(world, shop):
    """Two orders of sub-dealer A1 to dealer A, accepted by the dealer."""
    sub = world.actor("sub_a1_admin")
    orders = []
    for offer, quantity in ((shop.door, "1"), (shop.window, "2")):
        order = services.order_create(actor=sub)
        services.order_add_line(actor=sub, order_id=order.pk, offer_id=offer.pk, quantity=quantity)
        services.order_submit(actor=sub, order_id=order.pk)
        services.order_confirm(actor=world.actor("dealer_a_employee"), order_id=order.pk)
        orders.append(Order.objects.get(pk=order.pk))
    return orders


def test_bundle_creates_one_factory_order_linking_the_subdealer_orders(world, shop, accepted):
    one, two = accepted
    client = world.client("dealer_a_employee")
    listing = page(client.get("/cart/bundle/"))
    assert f'value="{one.pk}"' in listing and f'value="{two.pk}"' in listing
    assert one.number in listing and "Субдилер А1" in listing
    response = client.post(
        "/cart/bundle/",
        {
            "orders": [one.pk, two.pk],
            "own_lines": "DV-100 3",
            "legal_entity": world.legal_entities["dealer_a"].pk,
            "colour": "Белый",
        },
    )
    bundle = Order.objects.get(buyer=world.dealer_a)
    assert response.status_code == 302 and response["Location"] == f"/orders/{bundle.pk}/"
    assert bundle.seller == world.factory and bundle.status == OrderStatus.DRAFT
    assert set(bundle.bundled_orders.all()) == {one, two}
    assert Order.objects.get(pk=one.pk).status == OrderStatus.MODERATED
    lines = list(bundle.lines.order_by("position").values_list("unit_price", "source_line_id"))
    assert lines == [
        (Decimal("867.51"), one.lines.get().pk),
        (Decimal("4750.00"), two.lines.get().pk),
        (Decimal("867.51"), None),
    ]
    assert f'value="{one.pk}"' not in page(client.get("/cart/bundle/"))  # already passed on


def test_bundle_refusals_change_nothing(world, shop, accepted):
    one, _two = accepted
    before = (Order.objects.count(), OrderLine.objects.count())
    stranger = world.client("dealer_b_admin")
    assert f'value="{one.pk}"' not in page(stranger.get("/cart/bundle/"))
    response = stranger.post("/cart/bundle/", {"orders": [one.pk]})
    assert response.status_code == 400
    response = world.client("dealer_a_admin").post(
        "/cart/bundle/", {"orders": [one.pk], "own_lines": "NOPE 2"}
    )
    assert response.status_code == 400
    assert "Строка 1: артикул «NOPE» не найден в каталоге." in page(response)
    response = world.client("dealer_a_admin").post(
        "/cart/bundle/", {"orders": [one.pk], "own_lines": "OLD-1 2"}
    )
    assert response.status_code == 400 and "снят с продажи" in page(response)
    assert world.client("sub_a1_admin").get("/cart/bundle/").status_code == 403
    assert world.client("manager_a").post("/cart/bundle/", {"orders": [one.pk]}).status_code == 403
    assert (Order.objects.count(), OrderLine.objects.count()) == before
    assert Order.objects.get(pk=one.pk).bundled_into_id is None
