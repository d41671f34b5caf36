"""Product pictures: checked paths, and files copied into MEDIA_ROOT/catalog/ after commit.

1C re-sends a picture on every edit of the product, so a copy *replaces* the file of the same
name (through a temporary file and ``os.replace``) and skips it when the bytes are the same:
the folder never grows duplicates.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from portal.exchange.commerceml.safety import ImportRefused

from .report import Report

MEDIA_FOLDER = "catalog"


def media_path(raw: str, *, file: str, line: int) -> str:
    """ "import_files/ac/x.jpg" → "catalog/import_files/ac/x.jpg"; refuse paths that escape."""
    cleaned = raw.strip().replace("\\", "/")
    pure = PurePosixPath(cleaned)
    if (
        not pure.parts
        or cleaned.startswith("/")
        or ":" in pure.parts[0]
        or any(part in ("..", "") for part in pure.parts)
    ):
        raise ImportRefused(
            f"Файл «{file}», строка {line}: путь картинки «{raw}» выходит за пределы папки "
            "картинок — импорт отклонён.",
            file=file,
            line=line,
        )
    return f"{MEDIA_FOLDER}/{pure.as_posix()}"[:500]


class ImageCopies:
    """Pictures to copy once the catalog transaction has committed."""

    def __init__(self):
        self.pending: dict[str, Path] = {}
        self.missing = 0

    def want(self, relative: str, folders: tuple[Path, ...]) -> None:
        """Remember the source of ``relative`` (a path under MEDIA_ROOT) if it was uploaded."""
        inner = relative.removeprefix(f"{MEDIA_FOLDER}/")
        for folder in folders:
            source = folder / inner
            if source.is_file():
                self.pending[relative] = source
                return
        self.missing += 1

    def copy_all(self, report: Report) -> None:
        media = Path(settings.MEDIA_ROOT)
        for relative, source in self.pending.items():
            target = media / relative
            if target.is_file() and filecmp.cmp(source, target, shallow=False):
                report.add("images", "unchanged")
                continue
            outcome = "updated" if target.exists() else "created"
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            os.close(handle)
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
            report.add("images", outcome)
        if self.missing:
            report.notes.append(
                f"Картинок, которых нет среди загруженных файлов: {self.missing} "
                "(ссылки на них сохранены, файлы придут со следующей выгрузкой)."
            )
