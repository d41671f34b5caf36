"""Notify people: an in-app row for each, and an e-mail after commit for those who want it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.errors import DomainError
from portal.core.mail import queue_mail

from .kinds import KINDS, emailed_by_default
from .models import EmailPreference, Notification

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def notify(*, users: Iterable, kind: str, title: str, text: str = "", link: str = "") -> int:
    """Create one notification per active user (each once) and queue e-mails to those who
    opted in. Call inside the service's transaction: the rows commit with it, the e-mails
    leave after the commit. Returns how many people were notified."""
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    if not recipients:
        return 0
    Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, title=title, text=text, link=link)
        for pk in recipients
    )
    for user in wants_email(list(recipients.values()), kind):
        queue_mail(
            to=user.email,
            template="emails/notification",
            context={
                "user": user,
                "title": title,
                "text": text,
                "link": f"{settings.SITE_URL}{link}" if link.startswith("/") else link,
            },
        )
    return len(recipients)


def wants_email(users: list, kind: str) -> list:
    chosen = dict(
        EmailPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "by_email")
    )
    default = emailed_by_default(kind)
    return [user for user in users if chosen.get(user.pk, default)]


@transaction.atomic
def notification_mark_read(*, actor: Actor, notification_id: int) -> None:
    marked = (
        Notification.objects.visible_to(actor)
        .filter(pk=notification_id, read_at__isnull=True)
        .update(read_at=timezone.now())
    )
    if marked:
        audit_record(
            action="notification_read",
            actor=actor,
            organisation=actor.organisation,
            changes={"notification": notification_id},
        )


@transaction.atomic
def notification_mark_all_read(*, actor: Actor) -> int:
    marked = Notification.objects.visible_to(actor).unread().update(read_at=timezone.now())
    if marked:
        audit_record(
            action="notifications_read_all",
            actor=actor,
            organisation=actor.organisation,
            changes={"count": marked},
        )
    return marked


@transaction.atomic
def email_preferences_set(*, actor: Actor, by_email: dict[str, bool]) -> None:
    """Which kinds the actor gets by e-mail; kinds not mentioned keep their setting."""
    unknown = set(by_email) - set(KINDS)
    if unknown:
        raise DomainError(f"Неизвестный вид уведомлений: {', '.join(sorted(unknown))}.")
    for kind, enabled in by_email.items():
        EmailPreference.objects.update_or_create(
            user=actor.user, kind=kind, defaults={"by_email": bool(enabled)}
        )
    audit_record(
        action="email_preferences_changed",
        actor=actor,
        organisation=actor.organisation,
        obj=actor.user,
        changes={kind: bool(enabled) for kind, enabled in by_email.items()},
    )
