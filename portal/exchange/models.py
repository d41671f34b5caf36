"""The history of catalog imports: what was imported, by whom, with what outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        PENDING = "pending", _("В очереди")
        RUNNING = "running", _("Выполняется")
        SUCCESS = "success", _("Выполнен")
        PARTIAL = "partial", _("Выполнен с ошибками")
        FAILED = "failed", _("Отклонён")

    class Source(models.TextChoices):
        COMMAND = "command", _("Команда import_1c")
        UPLOAD = "upload", _("Загрузка на сайте")
        EXCHANGE = "exchange", _("Обмен с 1С")
        DEMO = "demo", _("Демо-данные")

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
        with translation.override("ru"):  # kept in the audit log: Russian whoever acts
            return f"Импорт №{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCESS, self.Status.PARTIAL, self.Status.FAILED)

    def count_rows(self) -> list[tuple[str, dict[str, int]]]:
        """(kind name in the reader's language, {outcome: number}) for the kinds this run touched."""
        rows = []
        for kind, label in KINDS.items():
            numbers = self.counts.get(kind) or {}
            if any(numbers.get(outcome) for outcome in OUTCOMES):
                rows.append((gettext(label), {o: numbers.get(o, 0) for o in OUTCOMES}))
        return rows


class ExchangeSessionQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ExchangeSessionQuerySet:
        """The 1C exchange log is the factory admin's business, like the imports."""
        if actor.is_factory and actor.is_admin:
            return self.all()
        return self.none()


class ExchangeSession(models.Model):
    """One conversation of 1C's «Обмен с сайтом» (checkauth … complete/success).

    The secret 1C sends back (cookie value and ``sessid``) is stored only as its SHA-256.
    """

    class Kind(models.TextChoices):
        CATALOG = "catalog", _("Каталог")
        SALE = "sale", _("Заказы")

    kind = models.CharField("обмен", max_length=16, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="учётная запись 1С", on_delete=models.PROTECT
    )
    client_version = models.CharField("версия модуля 1С", max_length=32, blank=True)
    folder = models.CharField("папка загрузки", max_length=500, blank=True)
    started_at = models.DateTimeField("начат", auto_now_add=True, db_index=True)
    last_seen_at = models.DateTimeField("последний запрос", auto_now=True)
    finished_at = models.DateTimeField("завершён", null=True, blank=True)
    failures = models.PositiveIntegerField("ошибок", default=0)

    objects = ExchangeSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "сеанс обмена с 1С"
        verbose_name_plural = "сеансы обмена с 1С"
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="exchange_session_kind_valid", condition=models.Q(kind__in=["catalog", "sale"])
            )
        ]

    def __str__(self) -> str:
        with translation.override("ru"):  # kept in the audit log: Russian whoever acts
            return f"Обмен №{self.pk} ({self.get_kind_display()})"


class ExchangeFile(models.Model):
    """A file 1C sent in a session (appended chunk by chunk), or one unpacked from its zip."""

    session = models.ForeignKey(ExchangeSession, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("файл", max_length=500)
    size = models.PositiveBigIntegerField("размер, байт", default=0)
    chunks = models.PositiveIntegerField("частей", default=0)
    from_zip = models.CharField("из архива", max_length=500, blank=True)
    unpacked = models.BooleanField("архив распакован", default=False)
    run = models.ForeignKey(
        ImportRun, verbose_name="импорт", on_delete=models.SET_NULL, null=True, blank=True
    )
    processed_at = models.DateTimeField("обработан", null=True, blank=True)

    class Meta:
        verbose_name = "файл обмена с 1С"
        verbose_name_plural = "файлы обмена с 1С"
        ordering = ["session_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="exchange_file_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ExchangeEvent(models.Model):
    """One request of a session and the first line of the answer, for the exchange log."""

    session = models.ForeignKey(
        ExchangeSession, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    kind = models.CharField("обмен", max_length=16, blank=True)
    mode = models.CharField("команда", max_length=32, blank=True)
    filename = models.CharField("файл", max_length=500, blank=True)
    answer = models.CharField("ответ", max_length=16)
    message = models.TextField("сообщение", blank=True)

    class Meta:
        verbose_name = "запрос обмена с 1С"
        verbose_name_plural = "запросы обмена с 1С"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}/{self.mode}: {self.answer}"


class OrderExchangeState(models.Model):
    """Where an order stands in the sale exchange.

    ``sent_version`` is the order version 1C confirmed (``sale/success``) or reported itself;
    an order whose version is higher is offered again. ``pending_*`` is what the last
    ``sale/query`` offered and waits for its ``success``.
    """

    order = models.OneToOneField(
        "orders.Order", on_delete=models.CASCADE, related_name="exchange_state"
    )
    sent_version = models.PositiveIntegerField("версия, принятая 1С", default=0)
    sent_at = models.DateTimeField("принят 1С", null=True, blank=True)
    pending_version = models.PositiveIntegerField(null=True, blank=True)
    pending_session = models.ForeignKey(
        ExchangeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    external_id = models.CharField("Ид документа в 1С", max_length=100, blank=True)
    data_version = models.CharField("НомерВерсии из 1С", max_length=64, blank=True)
    shipment_number = models.CharField("последняя отгрузка в 1С", max_length=64, blank=True)

    class Meta:
        verbose_name = "заказ в обмене с 1С"
        verbose_name_plural = "заказы в обмене с 1С"

    def __str__(self) -> str:
        return f"{self.order_id}: {self.sent_version}"
