"""Where 1C's uploads go: one folder per session, files appended chunk by chunk.

1C splits a file bigger than ``file_limit`` into several POSTs with the same ``filename``; each
one is *appended* (COMMERCEML.md §1.3 — two public implementations overwrote instead). Names
keep their sub-folders (``import_files/ac/….jpg``, ``goods/1/import___….xml``); ``..``,
absolute and drive paths are refused. The body is streamed to disk, never held in memory.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ..commerceml.package import safe_member_path
from ..models import ExchangeSession, ImportRun
from ..services import upload_root
from .sessions import ttl

CHUNK = 1024 * 1024
NAME_LIMIT = 500


class UploadRefused(Exception):
    """The upload is refused; ``message`` (Russian) goes to 1C after «failure»."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_limit() -> int:
    """What init announces: EXCHANGE_FILE_LIMIT (2 MB), never above what Django accepts."""
    wanted = getattr(settings, "EXCHANGE_FILE_LIMIT", 2 * 1024 * 1024)
    ceiling = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return min(wanted, ceiling) if ceiling else wanted


def upload_max_bytes() -> int:
    return getattr(settings, "EXCHANGE_UPLOAD_MAX_BYTES", 2 * 1024**3)


def clean_name(raw: str) -> str:
    """The relative path 1C gave, with ``\\`` as ``/``; refuse any way out of the folder."""
    relative = safe_member_path((raw or "").strip())
    if relative is None or len(relative.as_posix()) > NAME_LIMIT:
        raise UploadRefused(f"Недопустимое имя файла «{raw}»: нужен путь внутри папки обмена.")
    return relative.as_posix()


def session_folder(session: ExchangeSession) -> Path:
    if not session.folder:
        session.folder = str(
            upload_root() / "1c" / f"{session.kind}-{session.pk}-{uuid.uuid4().hex}"
        )
        ExchangeSession.objects.filter(pk=session.pk).update(folder=session.folder)
    folder = Path(session.folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def append_body(request, target: Path, *, allowed: int) -> int:
    """Append the request body to ``target``; refuse past ``allowed`` bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("ab") as sink:
        while chunk := request.read(CHUNK):
            written += len(chunk)
            if written > allowed:
                raise UploadRefused(
                    f"Объём файлов сеанса больше {upload_max_bytes() // 1024**2} МБ — загрузка "
                    "прервана."
                )
            sink.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    return written


def folders_prune(*, keep: ExchangeSession) -> None:
    """Delete the folders of sessions gone quiet for longer than the session lifetime, unless
    an import still reads them."""
    stale = (
        ExchangeSession.objects.exclude(pk=keep.pk)
        .exclude(folder="")
        .filter(last_seen_at__lt=timezone.now() - ttl())
    )
    busy = ImportRun.Status.PENDING, ImportRun.Status.RUNNING
    for session in stale:
        if session.files.filter(run__status__in=busy).exists():
            continue
        shutil.rmtree(session.folder, ignore_errors=True)
        ExchangeSession.objects.filter(pk=session.pk).update(folder="")
