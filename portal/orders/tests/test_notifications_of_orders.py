"""Order services tell the people concerned."""

from portal.notifications.models import Notification
from portal.orders import services

from .conftest import submitted


def kinds_of(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_people_concerned_are_notified(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    assert kinds_of(world.manager_a) == ["order_submitted"]
    assert kinds_of(world.manager_b) == []
    services.order_ask_question(actor=world.actor("manager_a"), order_id=order.pk, text="Цвет?")
    assert kinds_of(world.dealer_a_employee) == ["order_question"]
    services.order_answer(actor=world.actor("dealer_a_employee"), order_id=order.pk, text="Белый")
    assert "order_answered" in kinds_of(world.manager_a)
    services.order_confirm(actor=world.actor("factory_admin"), order_id=order.pk)
    assert "order_confirmed" in kinds_of(world.dealer_a_employee)


def test_subdealer_order_reaches_its_dealer(world, shop):
    order = submitted(world, "sub_a1_employee", [(shop.door, "1")])
    for user in (world.dealer_a_admin, world.dealer_a_employee):
        assert kinds_of(user) == ["subdealer_order_received"]
    assert kinds_of(world.dealer_a_accountant) == []
    services.order_reject(actor=world.actor("dealer_a_admin"), order_id=order.pk, reason="Нет")
    notice = Notification.objects.get(recipient=world.sub_a1_employee)
    assert notice.kind == "order_rejected" and notice.link == f"/orders/{order.pk}/"
