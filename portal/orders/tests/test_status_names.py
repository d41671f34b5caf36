"""Status labels follow the reader's language; refusals and the documented workflow table name
statuses in Russian whatever language is active."""

import pytest
from django.utils import translation

from portal.core.errors import DomainError
from portal.orders import services, workflow
from portal.orders.workflow import OrderStatus

from .conftest import draft, submitted


def test_labels_follow_the_active_language():
    with translation.override("en"):
        assert str(OrderStatus.MODERATED.label) == "Moderated"
    assert str(OrderStatus.MODERATED.label) == "Отмодерирован"


def test_refusals_name_the_status_in_russian_during_an_english_request(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    with translation.override("en"):
        with pytest.raises(DomainError, match="Заказ уже подтверждён: изменить или отменить"):
            services.order_cancel(actor=world.actor("dealer_a_employee"), order_id=order.pk)
        with pytest.raises(DomainError, match="Действие «подтвердить» недоступно: заказ подтв"):
            services.order_confirm(actor=manager, order_id=order.pk)


def test_closed_order_refusal_in_russian_during_an_english_request(world, shop):
    order = draft(world, "dealer_a_employee", [(shop.door, "1")])
    services.order_cancel(actor=world.actor("dealer_a_employee"), order_id=order.pk)
    with translation.override("en"), pytest.raises(DomainError, match="Заказ отменён: менять"):
        services.order_update_details(
            actor=world.actor("manager_a"), order_id=order.pk, manager_notes="поздно"
        )


def test_the_workflow_table_is_russian_in_any_language():
    russian = workflow.render_markdown()
    with translation.override("en"):
        assert workflow.render_markdown() == russian
    assert "Отмодерирован (`moderated`)" in russian
