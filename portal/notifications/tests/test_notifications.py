"""In-app notifications for the recipient only; e-mail after commit for those who opted in."""

import pytest
from django.core import mail

from portal.core.errors import DomainError
from portal.notifications import selectors, services
from portal.notifications.models import Notification


def test_notify_creates_rows_and_emails_those_who_want_it(
    world, django_capture_on_commit_callbacks
):
    services.email_preferences_set(
        actor=world.actor("manager_b"), by_email={"order_submitted": False}
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = services.notify(
            users=[world.manager_a, world.manager_b, world.manager_a],
            kind="order_submitted",
            title="Заказ 2026-000001: на модерации",
            link="/orders/1/",
        )
    assert count == 2
    assert Notification.objects.count() == 2
    assert [m.to for m in mail.outbox] == [[world.manager_a.email]]
    assert "Заказ 2026-000001" in mail.outbox[0].subject
    assert "/orders/1/" in mail.outbox[0].body


def test_each_user_sees_and_reads_only_their_own(world):
    services.notify(users=[world.manager_a], kind="order_answered", title="Ответ")
    services.notify(users=[world.manager_b], kind="order_answered", title="Ответ Б")
    a, b = world.actor("manager_a"), world.actor("manager_b")
    assert [n.title for n in selectors.notification_list(a)] == ["Ответ"]
    theirs = Notification.objects.get(recipient=world.manager_b)
    services.notification_mark_read(actor=a, notification_id=theirs.pk)
    assert selectors.notification_list(b).unread().count() == 1
    assert services.notification_mark_all_read(actor=a) == 1
    assert selectors.notification_list(a).unread().count() == 0


def test_preferences_default_and_unknown_kinds(world):
    actor = world.actor("dealer_a_admin")
    assert selectors.email_preferences(actor)["order_confirmed"] is True
    services.email_preferences_set(actor=actor, by_email={"order_confirmed": False})
    assert selectors.email_preferences(actor)["order_confirmed"] is False
    with pytest.raises(DomainError, match="Неизвестный"):
        services.email_preferences_set(actor=actor, by_email={"nonsense": True})
