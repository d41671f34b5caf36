"""Who may speak for 1C: a dedicated exchange account, checked with HTTP Basic.

An exchange account is an active factory admin whose e-mail is listed in the setting
``EXCHANGE_USERS``; nobody else's password is accepted here, and with the list empty the
exchange is closed (docs/decisions.md). The password goes through ``authenticate`` like the
web login, so django-axes counts failures and locks out guessing.

1C acts on orders as the factory's seller (status changes, its own numbers) and reports
payments as the factory's accountant does; ``seller_actor``/``accountant_actor`` give the
two Actors of the one account, so each service keeps its own policy check.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.contrib.auth import authenticate

from portal.core.errors import PermissionDenied
from portal.organisations.actor import Actor, actor_for_user
from portal.organisations.roles import Role


def exchange_emails() -> set[str]:
    value = getattr(settings, "EXCHANGE_USERS", ())
    if isinstance(value, str):
        value = value.split(",")
    return {email.strip().lower() for email in value if email.strip()}


def is_exchange_account(user) -> bool:
    actor = actor_for_user(user)
    return (
        actor is not None
        and actor.is_factory
        and actor.is_admin
        and user.email.lower() in exchange_emails()
    )


def basic_credentials(request) -> tuple[str, str] | None:
    """(login, password) from ``Authorization: Basic …``; 1C may encode them in windows-1251."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        raw = base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1251", errors="replace")
    login, colon, password = text.partition(":")
    return (login, password) if colon else None


def authenticate_basic(request):
    """The exchange account named by the request's Basic credentials, or None."""
    credentials = basic_credentials(request)
    if credentials is None:
        return None
    user = authenticate(request=request, username=credentials[0], password=credentials[1])
    if getattr(request, "axes_locked_out", False):
        # AxesMiddleware would swap our answer for the HTML lockout page; 1C must read
        # «failure», and the lockout itself still holds (authenticate returned None).
        request.axes_locked_out = False
        return None
    return user if user is not None and is_exchange_account(user) else None


def seller_actor(user) -> Actor:
    actor = actor_for_user(user)
    if actor is None or not is_exchange_account(user):
        raise PermissionDenied("Учётная запись не допущена к обмену с 1С.")
    return actor


def accountant_actor(user) -> Actor:
    actor = seller_actor(user)
    return Actor(user=actor.user, organisation=actor.organisation, role=Role.ACCOUNTANT)
