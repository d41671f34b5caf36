"""The two numbers the top bar shows on every page: the caller's unread notifications and the
lines in its cart, from one statement written once per process.

Through the ORM they were two COUNT queries, each an index lookup of ~0.1 ms in the database
but ~1 ms of query building and compiling in Python on the CI machine: a tenth of a catalog
page's server time (``bench/catalog_search.py``), paid by every page. The conditions are those
of ``Notification.objects.visible_to(actor).unread()`` and of the cart's lines
(``CartLine.objects.filter(cart__user_id=actor.user_id)``); ``web/tests/test_top_bar_counts.py``
holds them to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection

from portal.core.raw_rows import column
from portal.notifications.models import Notification
from portal.orders.models import Cart, CartLine
from portal.organisations.actor import Actor


@dataclass(frozen=True)
class TopBarCounts:
    unread_notifications: int
    cart_lines: int


def top_bar_counts(actor: Actor) -> TopBarCounts:
    with connection.cursor() as cursor:
        cursor.execute(_statement(), [actor.user_id, actor.user_id])
        unread, lines = cursor.fetchone()
    return TopBarCounts(unread_notifications=unread, cart_lines=lines)


@cache
def _statement() -> str:
    quote = connection.ops.quote_name
    unread = (
        f"SELECT COUNT(*) FROM {quote(Notification._meta.db_table)}"  # noqa: S608 — names are ours
        f" WHERE {column(Notification, 'recipient')} = %s"
        f" AND {column(Notification, 'read_at')} IS NULL"
    )
    lines = (
        f"SELECT COUNT(*) FROM {quote(CartLine._meta.db_table)} l"  # noqa: S608 — names are ours
        f" INNER JOIN {quote(Cart._meta.db_table)} c"
        f" ON l.{column(CartLine, 'cart')} = c.{quote(Cart._meta.pk.column)}"
        f" WHERE c.{column(Cart, 'user')} = %s"
    )
    return f"SELECT ({unread}), ({lines})"
