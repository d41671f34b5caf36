"""E-mails are Russian whoever sends them, labels that follow the language included."""

from types import SimpleNamespace

from django.core import mail
from django.utils import translation

from portal.core.mail import queue_mail
from portal.orders.workflow import OrderStatus


def test_a_mail_sent_from_an_english_session_is_russian(db, django_capture_on_commit_callbacks):
    status = OrderStatus.CONFIRMED.label  # lazy: «Confirmed» on an English page
    with translation.override("en"):
        assert str(status) == "Confirmed"
        with django_capture_on_commit_callbacks(execute=True):
            queue_mail(
                to="dealer@example.ru",
                template="emails/notification",
                context={
                    "user": SimpleNamespace(full_name="Иван Петров", email="dealer@example.ru"),
                    "title": status,
                    "text": "",
                    "link": "",
                },
            )
    (sent,) = mail.outbox
    assert sent.subject == "Подтверждён — Дилерский портал"
    assert "Подтверждён" in sent.body and "Confirmed" not in sent.body
