"""May this actor do this to this order? Services and interfaces both ask here.

Which party the actor is for an order (``parties_of``) combined with the workflow table gives
every answer; nothing about orders' permissions is decided anywhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.organisations.models import OrganisationKind
from portal.organisations.roles import Role

from . import workflow
from .models import Order
from .workflow import Party

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

ORDERING_ROLES = (Role.ADMIN, Role.EMPLOYEE)


def is_buyer(actor: Actor, order: Order) -> bool:
    """The ordering company's admins and employees (its accountant only reads)."""
    return actor.organisation_id == order.buyer_id and actor.role in ORDERING_ROLES


def is_moderator(actor: Actor, order: Order) -> bool:
    """For an order to the factory: the factory manager assigned to the dealer, or a factory
    admin. For a sub-dealer's order: its dealer's admins and employees."""
    if actor.organisation_id != order.seller_id:
        return False
    if actor.is_factory:
        if actor.role == Role.ADMIN:
            return True
        return actor.role == Role.MANAGER and order.buyer.manager_id == actor.user_id
    return actor.role in ORDERING_ROLES


def parties_of(actor: Actor, order: Order) -> set[str]:
    parties = set()
    if is_buyer(actor, order):
        parties.add(Party.BUYER)
    if is_moderator(actor, order):
        parties.add(Party.MODERATOR)
    return parties


def can_view_order(actor: Actor, order: Order) -> bool:
    return Order.objects.visible_to(actor).filter(pk=order.pk).exists()


def can_create_order(actor: Actor) -> bool:
    """Dealers order from the factory, sub-dealers from their dealer."""
    return actor.kind != OrganisationKind.FACTORY and actor.role in ORDERING_ROLES


def can_act(actor: Actor, order: Order, action: str) -> bool:
    """The actor's party may take the action, and the order's status allows it now."""
    item = workflow.transition(action)
    return (
        item.party in parties_of(actor, order)
        and order.status in item.sources
        and workflow.applies(item, sold_by_factory=order.sold_by_factory)
    )


def can_edit_order(actor: Actor, order: Order) -> bool:
    return can_act(actor, order, "edit")


def can_submit_order(actor: Actor, order: Order) -> bool:
    return can_act(actor, order, "submit")


def can_cancel_order(actor: Actor, order: Order) -> bool:
    return can_act(actor, order, "cancel") or can_act(actor, order, "cancel_by_seller")


def can_moderate_order(actor: Actor, order: Order) -> bool:
    return is_moderator(actor, order)


def can_comment_order(actor: Actor, order: Order) -> bool:
    """Both sides of the order write in its thread; readers (accountants) too."""
    return actor.organisation_id in (order.buyer_id, order.seller_id)


def can_copy_order(actor: Actor, order: Order) -> bool:
    return is_buyer(actor, order)


def can_bundle_orders(actor: Actor) -> bool:
    return actor.is_dealer and actor.role in ORDERING_ROLES


def can_move_units(actor: Actor, order: Order, step: str) -> bool:
    """``step`` is a key of ``workflow.UNIT_STEPS``; ``order`` is the one the units are made
    for (for bundled sub-dealer lines: the dealer's order to the factory)."""
    _source, _target, party = workflow.UNIT_STEPS[step]
    return party in parties_of(actor, order)


def refusal(actor: Actor, order: Order, action: str) -> str:
    """Why the action is not possible now, in words for the person (Russian)."""
    item = workflow.transition(action)
    status = workflow.russian_status(order.status).lower()
    if action in ("edit", "cancel") and item.party in parties_of(actor, order):
        if order.status in (workflow.OrderStatus.CONFIRMED, workflow.OrderStatus.MODERATED):
            return (
                f"Заказ уже {status}: изменить или отменить его можно только через продавца "
                "(напишите комментарий к заказу)."
            )
        return f"Заказ {status}: изменить или отменить его уже нельзя."
    return f"Действие «{item.label}» недоступно: заказ {status}."
