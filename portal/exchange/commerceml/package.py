"""What to import: the XML files of a package, in the order 1C means them, and their images.

A zip is checked member by member *before* anything is extracted (names, links, sizes and the
compression ratio), then extracted with a byte count, so a lying header cannot get past.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path, PurePosixPath

from django.conf import settings

from .safety import ImportRefused

KIND_ORDER = {"import": 0, "offers": 1, "prices": 2, "rests": 3}
FOLDER_ORDER = {"properties": 1, "goods": 3}  # classifier first, then properties, then goods
ZIP_MAGIC = b"PK\x03\x04"
CHUNK = 1024 * 1024


def zip_max_bytes() -> int:
    return getattr(settings, "EXCHANGE_ZIP_MAX_BYTES", 2 * 1024**3)


def zip_max_ratio() -> int:
    return getattr(settings, "EXCHANGE_ZIP_MAX_RATIO", 100)


@dataclass(frozen=True)
class SourceFile:
    path: Path  # where the bytes are
    name: str  # how the person knows it: "package.zip:goods/1/import___1.xml"
    root: Path  # the folder image paths (import_files/…) are relative to

    @property
    def kind(self) -> str:
        stem = self.path.name.lower()
        for kind in KIND_ORDER:
            if stem.startswith(kind):
                return kind
        return "other"

    def sort_key(self) -> tuple:
        relative = (
            self.path.relative_to(self.root).parts if self.path.is_relative_to(self.root) else ()
        )
        folder = min((FOLDER_ORDER.get(part, 2) for part in relative[:-1]), default=0)
        return (KIND_ORDER.get(self.kind, 4), folder, len(relative), str(self.path))


def collect(paths: list[Path], workdir: Path) -> list[SourceFile]:
    """The XML files to import from files, folders and zips, classifier files first."""
    found: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            raise ImportRefused(f"Файл «{path.name}» не найден.", file=path.name)
        if path.is_dir():
            found += [SourceFile(p, str(p.relative_to(path)), path) for p in xml_files(path)]
        elif path.suffix.lower() == ".zip" or has_zip_magic(path):
            target = workdir / f"zip{len(found)}_{path.stem}"
            extract_zip(path, target, path.name)
            found += [
                SourceFile(p, f"{path.name}:{p.relative_to(target).as_posix()}", target)
                for p in xml_files(target)
            ]
        else:
            found.append(SourceFile(path, path.name, path.parent))
    if not found:
        raise ImportRefused("Среди загруженных файлов нет XML-файлов CommerceML.")
    return sorted(found, key=SourceFile.sort_key)


def xml_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".xml"]


def has_zip_magic(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == ZIP_MAGIC


def safe_member_path(name: str) -> PurePosixPath | None:
    """The member's relative path, or None when it tries to leave the target folder."""
    cleaned = name.replace("\\", "/")
    pure = PurePosixPath(cleaned)
    if not pure.parts or cleaned.startswith("/") or ":" in pure.parts[0]:
        return None
    if any(part in ("..", "") for part in pure.parts):
        return None
    return pure


def extract_zip(archive: Path, target: Path, name: str) -> None:
    if not has_zip_magic(archive):
        raise ImportRefused(f"Файл «{name}» назван .zip, но не является zip-архивом.", file=name)
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportRefused(f"Архив «{name}» повреждён: {error}.", file=name) from None
    with bundle:
        members = check_members(bundle, name)
        check_overall_ratio(archive, members, name)
        target.mkdir(parents=True, exist_ok=True)
        try:
            extract_members(bundle, members, target, name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
            raise ImportRefused(f"Архив «{name}» повреждён: {error}.", file=name) from None


def extract_members(bundle: zipfile.ZipFile, members: list, target: Path, name: str) -> None:
    """Write every checked member, counting bytes: a lying header cannot get past."""
    for info, relative in members:
        destination = target.joinpath(*relative.parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with bundle.open(info) as source, destination.open("wb") as sink:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > info.file_size:
                    raise ImportRefused(
                        f"Архив «{name}»: файл «{info.filename}» больше, чем указано в "
                        "заголовке архива — архив отклонён.",
                        file=name,
                    )
                sink.write(chunk)


def check_overall_ratio(archive: Path, members: list, name: str) -> None:
    """The archive as a whole must not unpack more than the ratio allows either: many members
    of a modest ratio each (or sharing bytes) add up to a bomb too."""
    total = sum(info.file_size for info, _ in members)
    size = max(archive.stat().st_size, 1)
    if total > 1024 * 1024 and total > zip_max_ratio() * size:
        raise ImportRefused(
            f"Архив «{name}» сжат более чем в {zip_max_ratio()} раз (признак zip-бомбы) — "
            "архив отклонён.",
            file=name,
        )


def check_layout(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse members sharing a name or sharing compressed bytes (overlapping entries: the
    trick that makes a small archive unpack many times over)."""
    names = [info.filename.replace("\\", "/") for info in infos]
    if len(set(names)) != len(names):
        raise ImportRefused(
            f"Архив «{name}»: в нём несколько файлов с одним именем — архив отклонён.", file=name
        )
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for current, following in pairwise(ordered):
        if current.header_offset + current.compress_size > following.header_offset:
            raise ImportRefused(
                f"Архив «{name}»: файлы «{current.filename}» и «{following.filename}» "
                "занимают одни и те же байты архива (перекрывающиеся записи) — архив отклонён.",
                file=name,
            )


def check_members(
    bundle: zipfile.ZipFile, name: str
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Refuse the whole archive on any dangerous member; return the files to extract."""
    total = 0
    members = []
    check_layout(bundle.infolist(), name)
    for info in bundle.infolist():
        relative = safe_member_path(info.filename)
        if relative is None:
            raise ImportRefused(
                f"Архив «{name}»: путь «{info.filename}» выходит за пределы папки загрузки — "
                "архив отклонён.",
                file=name,
            )
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ImportRefused(
                f"Архив «{name}»: «{info.filename}» — символическая ссылка, такие архивы не "
                "принимаются.",
                file=name,
            )
        if info.flag_bits & 0x1:
            raise ImportRefused(f"Архив «{name}»: файл «{info.filename}» зашифрован.", file=name)
        if info.is_dir():
            continue
        total += info.file_size
        if total > zip_max_bytes():
            raise ImportRefused(
                f"Архив «{name}» распаковывается больше чем в {zip_max_bytes() // 1024**2} МБ — "
                "архив отклонён.",
                file=name,
            )
        if info.file_size > 64 * 1024 and info.file_size > zip_max_ratio() * max(
            info.compress_size, 1
        ):
            raise ImportRefused(
                f"Архив «{name}»: файл «{info.filename}» сжат более чем в {zip_max_ratio()} раз "
                "(признак zip-бомбы) — архив отклонён.",
                file=name,
            )
        members.append((info, relative))
    return members
