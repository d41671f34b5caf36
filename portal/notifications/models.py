"""In-app notifications and each user's choice of which kinds also come by e-mail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> NotificationQuerySet:
        """A notification is seen by its recipient only."""
        return self.filter(recipient_id=actor.user_id)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("вид", max_length=40)
    title = models.CharField("заголовок", max_length=255)
    text = models.TextField("текст", blank=True)
    link = models.CharField("ссылка", max_length=500, blank=True)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    created_at = models.DateTimeField("создано", auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "уведомление"
        verbose_name_plural = "уведомления"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class EmailPreference(models.Model):
    """A user's choice for one kind; without a row the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField("вид", max_length=40)
    by_email = models.BooleanField("присылать на e-mail")

    class Meta:
        verbose_name = "настройка e-mail уведомлений"
        verbose_name_plural = "настройки e-mail уведомлений"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.by_email}"
