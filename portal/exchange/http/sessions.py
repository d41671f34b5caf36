"""Exchange sessions: opened by ``checkauth``, then found again on every request.

1C sends back the cookie named in checkauth's answer; newer modules also send the ``sessid``
token (query, form field or ``X-Bitrix-Csrf-Token`` header); some clients repeat HTTP Basic
on every request instead. All three lead to the same session. The session lives long
(``EXCHANGE_SESSION_HOURS``, default 24) and is never rotated mid-exchange (§1.8).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import hash_token
from portal.audit.services import audit_record

from ..models import ExchangeSession
from .accounts import authenticate_basic, is_exchange_account

COOKIE = "portal_1c_exchange"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def ttl() -> timedelta:
    return timedelta(hours=getattr(settings, "EXCHANGE_SESSION_HOURS", 24))


@transaction.atomic
def session_open(*, user, kind: str) -> tuple[ExchangeSession, str]:
    """A new session and its secret (the caller hands the secret to 1C, we keep its hash)."""
    token = secrets.token_urlsafe(32)
    session = ExchangeSession.objects.create(kind=kind, user=user, token_hash=hash_token(token))
    audit_record(
        action="exchange_1c_session_opened", user=user, obj=session, changes={"kind": kind}
    )
    return session, token


def presented_tokens(request, mode: str) -> list[str]:
    """Secrets the request carries. A ``file`` body is the file itself: never parse it."""
    found = [
        request.COOKIES.get(COOKIE, ""),
        request.GET.get("sessid", ""),
        request.META.get("HTTP_X_BITRIX_CSRF_TOKEN", ""),
    ]
    if request.method == "POST" and mode != "file" and request.content_type in FORM_TYPES:
        found.append(request.POST.get("sessid", ""))
    return [token for token in dict.fromkeys(found) if token]


def session_find(request, *, kind: str, mode: str) -> tuple[ExchangeSession | None, str]:
    """The live session of this request and the secret it came with ("" for Basic auth)."""
    fresh = timezone.now() - ttl()
    live = ExchangeSession.objects.filter(kind=kind, last_seen_at__gte=fresh).select_related(
        "user__organisation__parent"
    )
    for token in presented_tokens(request, mode):
        session = live.filter(token_hash=hash_token(token)).first()
        if session is not None and is_exchange_account(session.user):
            return session, token
    user = authenticate_basic(request)
    if user is None:
        return None, ""
    session = live.filter(user=user).order_by("-last_seen_at", "-pk").first()
    if session is None:
        session, _token = session_open(user=user, kind=kind)
    return session, ""


def session_touch(session: ExchangeSession) -> None:
    ExchangeSession.objects.filter(pk=session.pk).update(last_seen_at=timezone.now())
