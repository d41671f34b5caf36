from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from .models import AuditEvent

if TYPE_CHECKING:
    from portal.organisations.actor import Actor
    from portal.organisations.models import Organisation


def audit_record(
    *,
    action: str,
    actor: Actor | None = None,
    organisation: Organisation | None = None,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    user=None,
    email: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Write one audit row. Call it inside the service's transaction."""
    if actor is not None:
        user = actor.user
        ip = ip or actor.ip
    return AuditEvent.objects.create(
        action=action,
        user=user,
        actor_email=(user.email if user else email)[:254],
        actor_organisation=actor.organisation if actor else getattr(user, "organisation", None),
        organisation=organisation,
        ip=ip,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        changes=changes or {},
    )


def diff(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """{field: [old, new]} for the fields whose value changed."""
    result = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            result[name] = [_plain(before.get(name)), _plain(new)]
    return result


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
