"""The bell, the notifications page, marking read and the e-mail preferences."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.notifications.models import EmailPreference, Notification
from portal.notifications.services import notify

from .orders_helpers import fingerprint


@pytest.fixture
def notes(world):
    notify(
        users=[world.dealer_a_employee],
        kind="order_question",
        title="Заказ 2026-000001: вопрос продавца",
        text="Какой цвет?",
        link="/orders/1/",
    )
    notify(users=[world.dealer_a_employee], kind="order_confirmed", title="Заказ подтверждён")
    notify(users=[world.dealer_b_admin], kind="order_confirmed", title="Чужое уведомление")
    return list(Notification.objects.filter(recipient=world.dealer_a_employee).order_by("pk"))


def test_bell_shows_the_unread_count_with_one_query(world, notes):
    client = world.client("dealer_a_employee")
    page = client.get("/notifications/").content.decode()
    assert '<span class="bell__count">2</span>' in page
    with CaptureQueriesContext(connection) as captured:
        client.get("/profile/")
    counting = [q for q in captured if "notifications_notification" in q["sql"]]
    assert len(counting) == 1


def test_list_shows_own_notifications_only(world, notes):
    page = world.client("dealer_a_employee").get("/notifications/").content.decode()
    assert "вопрос продавца" in page and "Какой цвет?" in page
    assert "Чужое уведомление" not in page


def test_open_marks_read_and_follows_the_link(world, notes):
    question = notes[0]
    response = world.client("dealer_a_employee").post(f"/notifications/{question.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/orders/1/"
    question.refresh_from_db()
    assert question.read_at is not None


def test_mark_one_and_all_read(world, notes):
    client = world.client("dealer_a_employee")
    client.post(f"/notifications/{notes[1].pk}/read/")
    assert Notification.objects.filter(pk=notes[1].pk, read_at__isnull=False).exists()
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=world.dealer_a_employee, read_at=None).exists()
    assert Notification.objects.filter(recipient=world.dealer_b_admin, read_at=None).exists()


def test_someone_elses_notification_is_404_and_unchanged(world, notes):
    other = Notification.objects.get(recipient=world.dealer_b_admin)
    client = world.client("dealer_a_employee")
    before = fingerprint()
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{other.pk}/open/").status_code == 404
    assert fingerprint() == before


def test_anonymous_goes_to_login(world):
    for path in ("/notifications/", "/notifications/settings/"):
        response = world.client(None).get(path)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_email_preferences(world):
    client = world.client("sub_a1_employee")
    page = client.get("/notifications/settings/").content.decode()
    assert "Вопрос по заказу" in page and "Изделия отгружены" in page
    client.post("/notifications/settings/", {"order_question": "on"})
    chosen = dict(
        EmailPreference.objects.filter(user=world.sub_a1_employee).values_list("kind", "by_email")
    )
    assert chosen["order_question"] is True and chosen["units_shipped"] is False
