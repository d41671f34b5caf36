"""Step one: read and check an uploaded order form and show what would be ordered.

Nothing is written to the database. The checked file (its lines, refusals and verdicts) is kept
in the cache for ``STASH_SECONDS`` under the preview's id, so that the accept step finds it by
the token alone instead of reading and checking the file again; the token is signed and names
the person and the file's digest.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core import signing
from django.core.cache import cache

from portal.core.collector import collector_paused
from portal.core.errors import DomainError, PermissionDenied

from .. import policies
from .checking import Line, Verdicts, check_rows
from .reading import read_table
from .rows import RowRefusal, row_inputs
from .safety import MAX_DATA_ROWS, TOO_MANY_ROWS, check_file

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

SIGNING_SALT = "portal.orders.excel"
STASH_SECONDS = 60 * 60
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Preview:
    """What the file would become: the lines ready to order and the rows refused."""

    file_name: str
    sheet: str
    header_row: int  # as Excel shows it
    lines: list[Line]
    refused: list[RowRefusal]
    total: Decimal
    vat_total: Decimal
    token: str = field(repr=False)

    @property
    def can_accept(self) -> bool:
        return bool(self.lines)


@dataclass(frozen=True)
class Analysis:
    digest: str
    sheet: str
    header_row: int
    lines: list[Line]
    refused: list[RowRefusal]
    verdicts: Verdicts

    @property
    def total(self) -> Decimal:
        return sum((line.line_total for line in self.lines), ZERO)

    @property
    def vat_total(self) -> Decimal:
        return sum((line.vat_amount for line in self.lines), ZERO)


def excel_import_preview(*, actor: Actor, file_name: str, data: bytes) -> Preview:
    """Read and check the file for the actor's company; raises DomainError (Russian) when
    the file as a whole can't be read, and lists each refused row otherwise."""
    require_may_import(actor)
    with collector_paused():
        return _preview(actor, file_name, data)


def _preview(actor: Actor, file_name: str, data: bytes) -> Preview:
    analysis = analyse(actor, file_name, data)
    preview_id = uuid.uuid4().hex
    token = signing.dumps(
        {
            "p": preview_id,
            "u": actor.user_id,
            "o": actor.organisation_id,
            "d": analysis.digest,
            "f": file_name[:200],
        },
        salt=SIGNING_SALT,
    )
    if analysis.lines:
        cache.set(stash_key(preview_id), analysis, STASH_SECONDS)
    return Preview(
        file_name=file_name,
        sheet=analysis.sheet,
        header_row=analysis.header_row,
        lines=analysis.lines,
        refused=analysis.refused,
        total=analysis.total,
        vat_total=analysis.vat_total,
        token=token,
    )


def analyse(actor: Actor, file_name: str, data: bytes) -> Analysis:
    table = read_table(check_file(file_name, data).kind, data)
    inputs, refused = row_inputs(table)
    if len(inputs) + len(refused) > MAX_DATA_ROWS:
        raise DomainError(TOO_MANY_ROWS, field="file")
    if not inputs and not refused:
        raise DomainError("В таблице под заголовком нет ни одной строки заказа.", field="file")
    checked = check_rows(actor.organisation, inputs)
    refused = sorted([*refused, *checked.refusals], key=lambda refusal: refusal.row)
    return Analysis(
        digest=hashlib.sha256(data).hexdigest(),
        sheet=table.sheet,
        header_row=table.header.row_index + 1,
        lines=checked.lines,
        refused=refused,
        verdicts=checked.verdicts,
    )


def require_may_import(actor: Actor) -> None:
    if not policies.can_create_order(actor):
        raise PermissionDenied("Заказы оформляют администраторы и сотрудники дилеров и субдилеров.")


def stash_key(preview_id: str) -> str:
    return f"orders.excel.{preview_id}"
