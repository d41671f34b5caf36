"""Who hears about what happens to an order. Texts never carry amounts: a notification may
reach a sub-dealer, who must never see a factory price."""

from __future__ import annotations

from portal.accounts.models import User
from portal.notifications.services import notify
from portal.organisations.roles import Role

from .models import Order
from .policies import ORDERING_ROLES


def order_link(order: Order) -> str:
    """The order's page in the web interface (``/orders/<id>/``)."""
    return f"/orders/{order.pk}/"


def moderators_of(order: Order) -> list[User]:
    """The dealer's factory manager (factory admins when none is assigned); for a sub-dealer's
    order, its dealer's admins and employees."""
    if order.sold_by_factory:
        manager = order.buyer.manager
        if manager is not None and manager.is_active:
            return [manager]
        people = User.objects.filter(organisation_id=order.seller_id, role=Role.ADMIN)
    else:
        people = User.objects.filter(organisation_id=order.seller_id, role__in=ORDERING_ROLES)
    return list(people.filter(is_active=True))


def _title(order: Order, what: str) -> str:
    return f"{order}: {what}"


def submitted(order: Order, *, warning: str = "") -> None:
    if order.sold_by_factory:
        kind, what = "order_submitted", f"на модерации, от {order.buyer.name}"
    else:
        kind, what = "subdealer_order_received", f"новый заказ субдилера {order.buyer.name}"
    notify(
        users=moderators_of(order),
        kind=kind,
        title=_title(order, what),
        text=warning,
        link=order_link(order),
    )


def question(order: Order, text: str) -> None:
    notify(
        users=[order.author],
        kind="order_question",
        title=_title(order, "вопрос продавца"),
        text=text,
        link=order_link(order),
    )


def answered(order: Order, text: str) -> None:
    notify(
        users=moderators_of(order),
        kind="order_answered",
        title=_title(order, "ответ покупателя"),
        text=text,
        link=order_link(order),
    )


def changed(order: Order, text: str) -> None:
    notify(
        users=[order.author],
        kind="order_changed",
        title=_title(order, "продавец изменил заказ, нужно ваше согласие"),
        text=text,
        link=order_link(order),
    )


def to_author(order: Order, kind: str, what: str, text: str = "") -> None:
    notify(
        users=[order.author],
        kind=kind,
        title=_title(order, what),
        text=text,
        link=order_link(order),
    )


def comment(order: Order, *, from_buyer: bool, text: str) -> None:
    users = moderators_of(order) if from_buyer else [order.author]
    notify(
        users=users,
        kind="order_comment",
        title=_title(order, "новый комментарий"),
        text=text,
        link=order_link(order),
    )


def units(order: Order, *, kind: str, count: int) -> None:
    what = {"units_ready": "готово изделий", "units_shipped": "отгружено изделий"}[kind]
    to_author(order, kind, f"{what}: {count}")
