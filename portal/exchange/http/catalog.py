"""``type=catalog``: init → file ×N → import ×N (progress until done) → deactivate → complete.

The first ``import`` calls unpack the zips received (one per call, answering ``progress``).
Then every XML file received and not yet imported goes into one ``ImportRun`` executed in the
background — so classifier, goods, offers, prices and rests sent together are imported
together, in the order the importer gives them — and 1C is answered ``progress`` until that
run has finished; a file that arrives later gets a run of its own.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from ..commerceml.package import extract_zip, has_zip_magic
from ..commerceml.safety import ImportRefused
from ..models import ExchangeFile, ExchangeSession, ImportRun
from . import answers
from .storage import (
    UploadRefused,
    append_body,
    clean_name,
    file_limit,
    folders_prune,
    session_folder,
    upload_max_bytes,
)


def init(request, session: ExchangeSession, token: str):
    session_folder(session)
    folders_prune(keep=session)
    return answers.lines("zip=yes", f"file_limit={file_limit()}", status="init")


def receive(request, session: ExchangeSession) -> ExchangeFile:
    """Append the body to the named file of the session (shared by catalog and sale)."""
    name = clean_name(request.GET.get("filename", ""))
    folder = session_folder(session)
    used = sum(session.files.values_list("size", flat=True))
    written = append_body(request, folder / name, allowed=upload_max_bytes() - used)
    row, _ = ExchangeFile.objects.get_or_create(session=session, name=name)
    row.size += written
    row.chunks += 1
    row.save(update_fields=["size", "chunks"])
    return row


def file(request, session: ExchangeSession, token: str):
    row = receive(request, session)
    return answers.success(f"Файл «{row.name}» принят ({row.size} байт).")


def import_(request, session: ExchangeSession, token: str):
    folder = session_folder(session)
    received = session.files.filter(unpacked=False, from_zip="")  # an archive's files stay packed
    archive = next((row for row in received if is_zip(row, folder)), None)
    if archive is not None:
        return unpack(session, archive)
    row = file_row(session, request.GET.get("filename", ""))
    if row is None:
        return answers.failure(f"Файл «{request.GET.get('filename', '')}» не был загружен.")
    if row.unpacked:  # a zip under an .xml name: the import is that of the files it held
        row = session.files.filter(from_zip=row.name, name__iendswith=".xml").first()
        if row is None:
            return answers.failure("В архиве нет XML-файлов CommerceML.")
    if not row.name.lower().endswith(".xml"):
        return answers.success(f"Файл «{row.name}» сохранён.")
    if row.run_id is None:
        run = start_run(session)
        return answers.progress(f"Импорт №{run.pk} поставлен в очередь (файлов: {len(run.files)}).")
    return run_answer(ImportRun.objects.get(pk=row.run_id))


def is_zip(row: ExchangeFile, folder) -> bool:
    path = folder / row.name
    return row.name.lower().endswith(".zip") or (path.is_file() and has_zip_magic(path))


def unpack(session: ExchangeSession, archive: ExchangeFile):
    folder = session_folder(session)
    before = {p for p in folder.rglob("*") if p.is_file()}
    try:
        extract_zip(folder / archive.name, folder, archive.name)
    except ImportRefused as refusal:
        archive.unpacked = True
        archive.save(update_fields=["unpacked"])
        return answers.failure(refusal.message)
    added = sorted({p for p in folder.rglob("*") if p.is_file()} - before)
    ExchangeFile.objects.bulk_create(  # one query: an archive may hold thousands of pictures
        [
            ExchangeFile(
                session=session,
                name=path.relative_to(folder).as_posix(),
                size=path.stat().st_size,
                from_zip=archive.name,
            )
            for path in added
        ],
        ignore_conflicts=True,
    )
    archive.unpacked = True
    archive.processed_at = timezone.now()
    archive.save(update_fields=["unpacked", "processed_at"])
    return answers.progress(f"Архив «{archive.name}» распакован.")


def file_row(session: ExchangeSession, raw: str) -> ExchangeFile | None:
    """The file 1C names; a bare name also finds a file unpacked into a sub-folder."""
    name = clean_name(raw)
    row = session.files.filter(name=name).first()
    if row is None and "/" not in name:
        matches = [r for r in session.files.all() if r.name.rsplit("/", 1)[-1] == name]
        row = matches[0] if len(matches) == 1 else None
    return row


@transaction.atomic
def start_run(session: ExchangeSession) -> ImportRun:
    from .jobs import exchange_import_task

    pending = [
        row
        for row in session.files.select_for_update().filter(run__isnull=True, unpacked=False)
        if row.name.lower().endswith(".xml")
    ]
    run = ImportRun.objects.create(
        source=ImportRun.Source.EXCHANGE, files=[row.name for row in pending], user=session.user
    )
    ExchangeFile.objects.filter(pk__in=[row.pk for row in pending]).update(run=run)
    folder = str(session_folder(session))
    transaction.on_commit(lambda: exchange_import_task.enqueue(run_id=run.pk, folder=folder))
    return run


def run_answer(run: ImportRun):
    if not run.is_finished:
        with translation.override("ru"):  # 1C hears Russian, whatever the request says
            status = str(run.get_status_display()).lower()
        return answers.progress(f"Импорт №{run.pk}: {status}.")
    if run.status == ImportRun.Status.FAILED:
        reason = run.errors[0]["message"] if run.errors else "импорт отклонён"
        return answers.failure(f"Импорт №{run.pk} отклонён: {reason}")
    changed = sum(
        numbers.get("created", 0) + numbers.get("updated", 0) for numbers in run.counts.values()
    )
    summary = f"Импорт №{run.pk} завершён: изменено записей {changed}"
    if run.errors:
        summary += f", пропущено с ошибками {len(run.errors)}"
    return answers.success(summary + ".")


def deactivate(request, session: ExchangeSession, token: str):
    """A full catalog already withdraws what it no longer lists (importer.run); nothing to add."""
    return answers.success("Товары, отсутствующие в полной выгрузке, сняты с продажи при импорте.")


def complete(request, session: ExchangeSession, token: str):
    ExchangeSession.objects.filter(pk=session.pk).update(finished_at=timezone.now())
    return answers.success("Обмен каталогом завершён.")


__all__ = ["UploadRefused", "complete", "deactivate", "file", "import_", "init", "receive"]
