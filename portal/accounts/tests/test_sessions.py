from datetime import timedelta

from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.sessions import SIGNED_IN_AT, session_is_ended, session_mark_signed_in


def test_a_session_lives_until_the_user_s_sessions_are_ended_after_it_signed_in():
    user = User(email="a@example.test")
    session = SessionStore()
    session_mark_signed_in(session)
    assert not session_is_ended(session, user)

    user.sessions_ended_at = timezone.now() - timedelta(seconds=1)
    assert not session_is_ended(session, user)

    user.sessions_ended_at = timezone.now()
    assert session_is_ended(session, user)


def test_a_session_without_the_mark_counts_as_signed_in_at_the_epoch():
    user = User(email="a@example.test", sessions_ended_at=timezone.now() - timedelta(days=365))
    session = SessionStore()
    session_mark_signed_in(session)
    del session[SIGNED_IN_AT]
    assert session_is_ended(session, user)
    assert not session_is_ended(session, User(email="b@example.test"))
