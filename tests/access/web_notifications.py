"""Notifications are personal: only the recipient reaches one (everybody else: 404)."""

from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.access.matrix import LOGGED_IN, Entry

RECIPIENT = frozenset({"dealer_a_employee"})


def notification(world) -> dict:
    notify(users=[world.dealer_a_employee], kind="order_question", title="Вопрос", link="/orders/")
    return {"pk": Notification.objects.get().pk}


ENTRIES = [
    Entry("notifications:list", allow=LOGGED_IN),
    Entry("notifications:settings", allow=LOGGED_IN),
    Entry(
        "notifications:settings",
        allow=LOGGED_IN,
        method="POST",
        data=lambda world: {"order_question": "on"},
    ),
    Entry("notifications:read_all", allow=LOGGED_IN, method="POST"),
    Entry(
        "notifications:open",
        allow=RECIPIENT,
        args=notification,
        method="POST",
        hidden=LOGGED_IN - RECIPIENT,
    ),
    Entry(
        "notifications:read",
        allow=RECIPIENT,
        args=notification,
        method="POST",
        hidden=LOGGED_IN - RECIPIENT,
    ),
]
