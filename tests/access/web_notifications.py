"""Notifications are personal: only the recipient reaches one (everybody else: 404)."""

from portal.notifications.models import Notification
from portal.notifications.services import notify
from tests.access.matrix import LOGGED_IN, Entry
from tests.access.owners import PERSON, personal

RECIPIENT = frozenset({"dealer_a_employee"})


def notification(world) -> dict:
    return notification_of(world, "dealer_a")


def notification_of(world, owner: str) -> dict:
    """A notification to the person of ``owner`` who orders (tests/access/owners.py)."""
    recipient = world.users[PERSON[owner]]
    notify(users=[recipient], kind="order_question", title="Вопрос", link="/orders/")
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
        owned=notification_of,
        rule=personal(PERSON),
    ),
    Entry(
        "notifications:read",
        allow=RECIPIENT,
        args=notification,
        method="POST",
        hidden=LOGGED_IN - RECIPIENT,
        owned=notification_of,
        rule=personal(PERSON),
    ),
]
