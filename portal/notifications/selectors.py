from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .kinds import KINDS, emailed_by_default
from .models import EmailPreference, Notification

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def notification_list(actor: Actor) -> QuerySet[Notification]:
    return Notification.objects.visible_to(actor)


def email_preferences(actor: Actor) -> dict[str, bool]:
    """Every kind with whether the actor gets it by e-mail (its choice, else the default)."""
    chosen = dict(
        EmailPreference.objects.filter(user_id=actor.user_id).values_list("kind", "by_email")
    )
    return {kind: chosen.get(kind, emailed_by_default(kind)) for kind in KINDS}
