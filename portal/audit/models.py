"""One row for every write: who, for which company, when, from where, what changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.organisations.models import Organisation

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> AuditEventQuerySet:
        """The factory admin sees everything; a dealer admin its company and sub-dealers;
        any other admin their own company. Other roles see no audit trail."""
        if not actor.is_admin:
            return self.none()
        if actor.is_factory:
            return self.all()
        if actor.is_dealer:
            return self.filter(
                Q(organisation_id=actor.organisation_id)
                | Q(organisation__parent_id=actor.organisation_id)
            )
        return self.filter(organisation_id=actor.organisation_id)


class AuditEvent(models.Model):
    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.CharField("e-mail", max_length=254, blank=True)
    actor_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="компания",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        help_text="Чьи это данные: по ней решается, кто видит запись.",
    )
    ip = models.GenericIPAddressField("IP", null=True, blank=True)
    action = models.CharField("действие", max_length=64, db_index=True)
    object_type = models.CharField("объект", max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    changes = models.JSONField("что изменилось", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "запись журнала"
        verbose_name_plural = "журнал действий"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d.%m.%Y %H:%M} {self.actor_email} {self.action}"
