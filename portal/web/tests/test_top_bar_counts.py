"""The bell's and the cart's numbers: one statement, the same conditions as the ORM's."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.notifications.models import Notification
from portal.notifications.services import notification_mark_read, notify
from portal.orders.models import CartLine
from portal.orders.services.carts import cart_add
from portal.web.top_bar_counts import TopBarCounts, top_bar_counts

from .cart_shop import make_shop, page

PEOPLE = ["dealer_a_employee", "dealer_a_admin", "dealer_b_admin", "sub_a1_employee", "manager_a"]


def orm_counts(actor) -> TopBarCounts:
    return TopBarCounts(
        unread_notifications=Notification.objects.visible_to(actor).unread().count(),
        cart_lines=CartLine.objects.filter(cart__user_id=actor.user_id).count(),
    )


def test_counts_are_the_callers_own(world):
    shop = make_shop(world)
    employee, admin = world.actor("dealer_a_employee"), world.actor("dealer_a_admin")
    notify(users=[world.dealer_a_employee], kind="order_confirmed", title="Первое")
    notify(users=[world.dealer_a_employee], kind="order_confirmed", title="Второе")
    notify(users=[world.dealer_a_employee, world.dealer_b_admin], kind="order_confirmed", title="Т")
    first = Notification.objects.filter(recipient=world.dealer_a_employee).order_by("pk").first()
    notification_mark_read(actor=employee, notification_id=first.pk)
    cart_add(actor=employee, offer_id=shop.door.pk)
    cart_add(actor=employee, offer_id=shop.window.pk)
    cart_add(actor=employee, offer_id=shop.door.pk)  # adds to its line
    cart_add(actor=admin, offer_id=shop.window.pk)

    assert top_bar_counts(employee) == TopBarCounts(unread_notifications=2, cart_lines=2)
    assert top_bar_counts(admin) == TopBarCounts(unread_notifications=0, cart_lines=1)
    assert top_bar_counts(world.actor("dealer_b_admin")) == TopBarCounts(1, 0)
    for who in PEOPLE:
        actor = world.actor(who)
        assert top_bar_counts(actor) == orm_counts(actor), who


def test_every_page_counts_both_in_one_statement(world):
    shop = make_shop(world)
    employee = world.actor("dealer_a_employee")
    notify(users=[world.dealer_a_employee], kind="order_confirmed", title="Заказ подтверждён")
    cart_add(actor=employee, offer_id=shop.door.pk)
    client = world.client("dealer_a_employee")
    with CaptureQueriesContext(connection) as captured:
        profile = page(client.get("/profile/"))
    counting = [
        q["sql"]
        for q in captured
        if "notifications_notification" in q["sql"] or "orders_cartline" in q["sql"]
    ]
    assert len(counting) == 1
    assert "orders_cartline" in counting[0] and "notifications_notification" in counting[0]
    assert '<span class="bell__count">1</span>' in profile and "Корзина (1)" in profile


def test_an_htmx_fragment_counts_nothing(world):
    make_shop(world)
    client = world.client("dealer_a_employee")
    with CaptureQueriesContext(connection) as captured:
        client.get("/catalog/?q=Дверь", HTTP_HX_REQUEST="true")
    assert not [q for q in captured if "notifications_notification" in q["sql"]]
