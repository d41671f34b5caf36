"""Blocking ends a person's sessions and API token for good, even if they are unblocked before
their next request: each session remembers when it signed in, each token when it was made, the
user row when its sessions were ended."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase

    from .models import User

SIGNED_IN_AT = "_signed_in_at"


def session_mark_signed_in(session: SessionBase) -> None:
    session[SIGNED_IN_AT] = timezone.now().timestamp()


def session_is_ended(session: SessionBase, user: User) -> bool:
    """The session signed in before the user's sessions were ended; a session without the mark
    (older than the mark itself) counts as signed in at the epoch."""
    ended_at = user.sessions_ended_at
    return ended_at is not None and session.get(SIGNED_IN_AT, 0) <= ended_at.timestamp()


def token_is_ended(token, user: User) -> bool:
    """The API token was made before the user's sessions were ended: refused, and replaced by a
    new one when the person asks for a token again."""
    ended_at = user.sessions_ended_at
    return ended_at is not None and token.created <= ended_at
