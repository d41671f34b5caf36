"""The workflow table: documented as is, no dead ends, each action only by its party, and a
refused action changes nothing."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from portal.core.errors import DomainError, PermissionDenied
from portal.orders import services, workflow
from portal.orders.workflow import FINAL_STATUSES, OrderStatus

from .conftest import draft, reload, state, submitted

DOC = Path(settings.BASE_DIR) / "docs" / "orders-workflow.md"


def test_docs_show_exactly_the_table_in_code():
    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- workflow-table:start -->\n") + len("<!-- workflow-table:start -->\n")
    documented = text[start : text.index("<!-- workflow-table:end -->")]
    assert documented == workflow.render_markdown(), (
        "docs/orders-workflow.md is out of date; put this between the markers:\n\n"
        + workflow.render_markdown()
    )


@pytest.mark.parametrize("status", [s for s in OrderStatus.values if s not in FINAL_STATUSES])
def test_every_open_status_can_reach_a_final_one(status):
    assert workflow.reachable_from(status) & FINAL_STATUSES


def test_final_statuses_are_final_and_every_status_is_used():
    for item in workflow.TRANSITIONS:
        assert not item.sources & FINAL_STATUSES, item.action
    used = {s for item in workflow.TRANSITIONS for s in item.sources} | {
        item.target for item in workflow.TRANSITIONS if item.target
    }
    assert used == set(OrderStatus.values)


def test_happy_path_of_a_dealer_order(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "2")])
    assert order.status == OrderStatus.ON_MODERATION
    manager = world.actor("manager_a")
    services.order_ask_question(actor=manager, order_id=order.pk, text="Какой цвет?")
    assert reload(order).status == OrderStatus.AWAITING_ANSWER
    services.order_answer(actor=world.actor("dealer_a_employee"), order_id=order.pk, text="Белый")
    services.order_confirm(actor=manager, order_id=order.pk)
    services.order_hand_to_1c(actor=manager, order_id=order.pk, factory_number="ЗК-77")
    services.order_start_production(actor=manager, order_id=order.pk)
    order = reload(order)
    assert (order.status, order.factory_number) == (OrderStatus.IN_PRODUCTION, "ЗК-77")
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [
        "created",
        "edited",
        "submitted",
        "question",
        "answer",
        "status",
        "status",
        "status",
    ]


MODERATOR_ACTIONS = {
    "ask_question": lambda actor, o: services.order_ask_question(actor=actor, order_id=o, text="?"),
    "confirm": lambda actor, o: services.order_confirm(actor=actor, order_id=o),
    "reject": lambda actor, o: services.order_reject(actor=actor, order_id=o, reason="Нет"),
    "change_lines": lambda actor, o: services.order_change_lines(
        actor=actor,
        order_id=o,
        changes=[{"line_id": reload_line(o), "quantity": "5"}],
    ),
}


def reload_line(order_id):
    from portal.orders.models import OrderLine

    return OrderLine.objects.filter(order_id=order_id).values_list("pk", flat=True).first()


@pytest.mark.parametrize("action", MODERATOR_ACTIONS)
@pytest.mark.parametrize("who", ["dealer_a_admin", "dealer_a_employee", "manager_b", "accountant"])
def test_moderator_actions_refused_to_others_and_nothing_changes(world, shop, action, who):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    before = state(order.pk)
    error = PermissionDenied
    if who == "manager_b":  # not their dealer: the order is not even visible
        from django.http import Http404

        error = Http404
    with pytest.raises(error):
        MODERATOR_ACTIONS[action](world.actor(who), order.pk)
    assert state(order.pk) == before


@pytest.mark.parametrize("action", MODERATOR_ACTIONS)
@pytest.mark.parametrize("who", ["manager_a", "factory_admin"])
def test_moderator_actions_allowed_to_the_assigned_manager_and_the_factory_admin(
    world, shop, action, who
):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    MODERATOR_ACTIONS[action](world.actor(who), order.pk)
    assert reload(order).version > order.version


def test_buyer_actions_refused_to_the_seller_and_to_the_accountant(world, shop):
    order = draft(world, "dealer_a_employee", [(shop.door, "1")])
    before = state(order.pk)
    with pytest.raises(PermissionDenied):
        services.order_submit(actor=world.actor("dealer_a_accountant"), order_id=order.pk)
    assert state(order.pk) == before
    order = services.order_submit(actor=world.actor("dealer_a_employee"), order_id=order.pk)
    services.order_ask_question(actor=world.actor("manager_a"), order_id=order.pk, text="?")
    before = state(order.pk)
    with pytest.raises(PermissionDenied):
        services.order_answer(actor=world.actor("manager_a"), order_id=order.pk, text="сам")
    assert state(order.pk) == before


def test_a_refused_transition_by_status_changes_nothing(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    before = state(order.pk)
    with pytest.raises(DomainError, match="подтверждён"):
        services.order_cancel(actor=world.actor("dealer_a_employee"), order_id=order.pk)
    with pytest.raises(DomainError):
        services.order_reject(actor=manager, order_id=order.pk, reason="поздно")
    with pytest.raises(DomainError):
        services.order_start_production(actor=manager, order_id=order.pk)
    with pytest.raises(DomainError):
        services.order_update_lines(
            actor=world.actor("dealer_a_employee"),
            order_id=order.pk,
            changes=[{"line_id": reload_line(order.pk), "quantity": "3"}],
        )
    assert state(order.pk) == before


def test_cancel_after_confirmation_is_the_sellers(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    manager = world.actor("manager_a")
    services.order_confirm(actor=manager, order_id=order.pk)
    services.order_cancel(actor=manager, order_id=order.pk, reason="по просьбе дилера")
    assert reload(order).status == OrderStatus.CANCELLED


def test_reject_needs_a_reason(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    before = state(order.pk)
    with pytest.raises(DomainError, match="причину"):
        services.order_reject(actor=world.actor("manager_a"), order_id=order.pk, reason="  ")
    assert state(order.pk) == before
    services.order_reject(actor=world.actor("manager_a"), order_id=order.pk, reason="Нет профиля")
    assert reload(order).rejection_reason == "Нет профиля"


def test_stale_version_is_refused(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    stale = order.version
    services.order_ask_question(actor=world.actor("manager_a"), order_id=order.pk, text="?")
    before = state(order.pk)
    with pytest.raises(DomainError, match="другой пользователь"):
        services.order_answer(
            actor=world.actor("dealer_a_employee"), order_id=order.pk, text="да", version=stale
        )
    assert state(order.pk) == before


def test_moderator_change_is_shown_exactly_and_must_be_accepted(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "2"), (shop.fitting, "4")])
    door_line, fitting_line = order.lines.order_by("position")
    services.order_change_lines(
        actor=world.actor("manager_a"),
        order_id=order.pk,
        changes=[
            {"line_id": door_line.pk, "quantity": "3", "discount_percent": "5"},
            {"line_id": fitting_line.pk, "remove": True},
            {"offer_id": shop.window.pk, "quantity": "1"},
        ],
        comment="Ручки закончились, добавили окно.",
    )
    order = reload(order)
    assert order.status == OrderStatus.AWAITING_ANSWER
    event = order.events.filter(kind="edited").last()
    assert event.data["changed"] == [
        {
            "position": 1,
            "name": "Дверь «Классик»",
            "quantity": ["2", "3"],
            "discount_percent": ["0", "5"],
            "line_total": ["20000", "28500"],
        }
    ]
    assert [row["name"] for row in event.data["removed"]] == ["Ручка оконная"]
    assert [row["name"] for row in event.data["added"]] == ["Окно ПВХ 1200×1400"]
    assert "Ручки закончились" in event.text
    assert order.total == 28500 + 5000
    services.order_accept_changes(actor=world.actor("dealer_a_employee"), order_id=order.pk)
    assert reload(order).status == OrderStatus.ON_MODERATION


def test_withdrawn_and_unpriced_offers_cannot_be_added(world, shop):
    actor = world.actor("dealer_a_employee")
    order = services.order_create(actor=actor)
    with pytest.raises(DomainError, match="OLD-1"):
        services.order_add_line(actor=actor, order_id=order.pk, offer_id=shop.withdrawn.pk)
    with pytest.raises(DomainError, match="NP-1"):
        services.order_add_line(actor=actor, order_id=order.pk, offer_id=shop.unpriced.pk)
    assert not order.lines.exists()


def test_lines_keep_their_price_when_the_catalog_price_changes(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "2")])
    shop.door.prices.update(amount="12000")
    line = order.lines.get()
    assert (line.unit_price, line.line_total, line.vat_amount) == (10000, 20000, Decimal("3333.33"))
    assert reload(order).total == 20000


def test_header_fields_belong_to_their_side(world, shop):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    buyer, manager = world.actor("dealer_a_employee"), world.actor("manager_a")
    services.order_update_details(actor=buyer, order_id=order.pk, colour="Венге")
    services.order_update_details(
        actor=manager, order_id=order.pk, manager_notes="Проверить проём", factory_number="ЗК-1"
    )
    order = reload(order)
    assert (order.colour, order.manager_notes, order.factory_number) == (
        "Венге",
        "Проверить проём",
        "ЗК-1",
    )
    assert order.events.filter(kind="edited").last().data == {
        "fields": {"manager_notes": ["", "Проверить проём"], "factory_number": ["", "ЗК-1"]}
    }
    before = state(order.pk)
    with pytest.raises(PermissionDenied):
        services.order_update_details(actor=buyer, order_id=order.pk, manager_notes="сам")
    with pytest.raises(PermissionDenied):
        services.order_update_details(actor=manager, order_id=order.pk, colour="Красный")
    with pytest.raises(DomainError, match="своего субдилера"):
        services.order_update_details(
            actor=buyer, order_id=order.pk, for_subdealer_id=world.sub_b1.pk
        )
    assert state(order.pk) == before
