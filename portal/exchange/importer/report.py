"""What an import did: counts per kind of row, and every problem with its file and line."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from portal.catalog.models import EXTERNAL_ID_LENGTH

# Russian names (msgids marked for the catalogue: the import page shows them in the reader's language).
KINDS = {
    "groups": gettext_noop("Группы"),
    "properties": gettext_noop("Свойства"),
    "choices": gettext_noop("Значения свойств"),
    "price_types": gettext_noop("Типы цен"),
    "warehouses": gettext_noop("Склады"),
    "products": gettext_noop("Товары"),
    "offers": gettext_noop("Предложения"),
    "prices": gettext_noop("Цены"),
    "stock": gettext_noop("Остатки"),
    "images": gettext_noop("Картинки"),
}
OUTCOMES = ("created", "updated", "unchanged", "withdrawn")
MAX_ERRORS = 1000


@dataclass
class Report:
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {kind: dict.fromkeys(OUTCOMES, 0) for kind in KINDS}
    )
    errors: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors_dropped: int = 0

    def add(self, kind: str, outcome: str, number: int = 1) -> None:
        self.counts[kind][outcome] += number

    def error(self, message: str, *, file: str, line: int | None = None) -> None:
        """A row that was skipped; the rest of the import goes on."""
        if len(self.errors) >= MAX_ERRORS:
            self.errors_dropped += 1
            return
        self.errors.append({"file": file, "line": line, "message": message})

    def changed(self) -> int:
        return sum(c["created"] + c["updated"] + c["withdrawn"] for c in self.counts.values())

    def id_fits(
        self, external_id: str, whose: str, skipped: str, *, file: str, line: int | None
    ) -> bool:
        """Whether a 1C id fits the column. If not, the row is reported — «{whose} «…» длиннее N
        символов (в нём M) — {skipped}.» — and the caller skips it: PostgreSQL would refuse the
        whole import with a database message, SQLite would store it."""
        if len(external_id) <= EXTERNAL_ID_LENGTH:
            return True
        self.error(
            f"{whose} «{external_id[:40]}…» длиннее {EXTERNAL_ID_LENGTH} символов "
            f"(в нём {len(external_id)}) — {skipped}.",
            file=file,
            line=line,
        )
        return False
