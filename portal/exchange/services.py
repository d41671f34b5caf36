"""Catalog import as a use-case: the command, the upload page and the 1C exchange call these.

The catalog is written inside one transaction (``importer.run``); the ``ImportRun`` row lives
outside it, so a refused import still leaves its history row with the reason.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.errors import PermissionDenied
from portal.organisations.actor import Actor

from .commerceml.safety import ImportRefused
from .importer.report import Report
from .importer.run import import_catalog
from .models import ImportRun
from .policies import can_import_catalog


def upload_root() -> Path:
    return Path(getattr(settings, "EXCHANGE_UPLOAD_DIR", settings.VAR_DIR / "exchange"))


def import_run_create(*, source: str, files: list[str], actor: Actor | None = None) -> ImportRun:
    return ImportRun.objects.create(source=source, files=files, user=actor.user if actor else None)


def import_run_execute(
    *, run: ImportRun, paths: list[Path], actor: Actor | None = None
) -> ImportRun:
    """Run the importer for ``run`` and record its outcome, whatever it is."""
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    report = Report()
    try:
        report = import_catalog(paths)
    except ImportRefused as refusal:
        run.status = ImportRun.Status.FAILED
        run.errors = [refusal.as_dict()]
    else:
        run.status = ImportRun.Status.PARTIAL if report.errors else ImportRun.Status.SUCCESS
        run.errors = report.errors
        if report.errors_dropped:
            run.notes = [f"Ещё ошибок, не показанных здесь: {report.errors_dropped}."]
    run.counts = report.counts
    run.notes = [*report.notes, *(run.notes or [])]
    run.finished_at = timezone.now()
    run.started_at = run.started_at or timezone.now()
    with transaction.atomic():
        run.save(update_fields=["status", "counts", "errors", "notes", "finished_at"])
        audit_record(
            action="catalog_imported",
            actor=actor,
            user=run.user if actor is None else None,
            obj=run,
            changes={"status": run.status, "files": run.files, "changed": report.changed()},
        )
    run.refresh_from_db()
    return run


def catalog_import(
    *, paths: list[Path], source: str = ImportRun.Source.COMMAND, actor: Actor | None = None
) -> ImportRun:
    """Import files right now (the command, the demo). Returns the finished run."""
    run = import_run_create(source=source, files=[Path(p).name for p in paths], actor=actor)
    return import_run_execute(run=run, paths=paths, actor=actor)


def catalog_import_upload(*, actor: Actor, uploads) -> ImportRun:
    """Keep the uploaded files and queue the import; the page then follows the run."""
    if not can_import_catalog(actor):
        raise PermissionDenied("Загружать каталог из 1С может только администратор завода.")
    folder = upload_root() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    names = []
    for upload in uploads:
        name = Path(upload.name).name or "upload.xml"
        with (folder / name).open("wb") as sink:
            for chunk in upload.chunks():
                sink.write(chunk)
        names.append(name)
    with transaction.atomic():
        run = import_run_create(source=ImportRun.Source.UPLOAD, files=names, actor=actor)
        run.upload_dir = str(folder)
        run.save(update_fields=["upload_dir"])
        transaction.on_commit(lambda: enqueue_import(run.pk))
    return run


def enqueue_import(run_id: int) -> None:
    from .tasks import catalog_import_task

    catalog_import_task.enqueue(run_id=run_id)


def import_uploaded_run(run_id: int) -> ImportRun:
    """The background half of an upload: import the kept files, then delete them."""
    from portal.organisations.actor import actor_for_user

    run = ImportRun.objects.select_related("user__organisation").get(pk=run_id)
    folder = Path(run.upload_dir)
    actor = actor_for_user(run.user) if run.user else None
    try:
        return import_run_execute(run=run, paths=[folder / name for name in run.files], actor=actor)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
