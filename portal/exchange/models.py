"""The history of catalog imports: what was imported, by whom, with what outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from .importer.report import KINDS, OUTCOMES

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class ImportRunQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ImportRunQuerySet:
        """Imports are the factory admin's business."""
        if actor.is_factory and actor.is_admin:
            return self.all()
        return self.none()


class ImportRun(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "В очереди"
        RUNNING = "running", "Выполняется"
        SUCCESS = "success", "Выполнен"
        PARTIAL = "partial", "Выполнен с ошибками"
        FAILED = "failed", "Отклонён"

    class Source(models.TextChoices):
        COMMAND = "command", "Команда import_1c"
        UPLOAD = "upload", "Загрузка на сайте"
        EXCHANGE = "exchange", "Обмен с 1С"
        DEMO = "demo", "Демо-данные"

    status = models.CharField(
        "статус", max_length=16, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField("источник", max_length=16, choices=Source.choices)
    files = models.JSONField("файлы", default=list)
    counts = models.JSONField("итоги", default=dict)
    errors = models.JSONField("ошибки", default=list)
    notes = models.JSONField("замечания", default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="кто запустил",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where an uploaded run keeps its files until the background job has read them.
    upload_dir = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField("создан", auto_now_add=True, db_index=True)
    started_at = models.DateTimeField("начат", null=True, blank=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = "импорт каталога"
        verbose_name_plural = "импорты каталога"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="import_run_status_valid",
                condition=models.Q(
                    status__in=["pending", "running", "success", "partial", "failed"]
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Импорт №{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCESS, self.Status.PARTIAL, self.Status.FAILED)

    def count_rows(self) -> list[tuple[str, dict[str, int]]]:
        """(Russian kind name, {outcome: number}) for the kinds this run touched."""
        rows = []
        for kind, label in KINDS.items():
            numbers = self.counts.get(kind) or {}
            if any(numbers.get(outcome) for outcome in OUTCOMES):
                rows.append((label, {o: numbers.get(o, 0) for o in OUTCOMES}))
        return rows
