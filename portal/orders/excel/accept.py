"""Step two: the person accepts the valid rows of a checked file; a draft order is created.

Safe to repeat: the draft's «created» timeline row keeps the preview's id, and accepting the
same preview again (a double click, a retried request) returns that draft instead of a
second one. The person's user row is locked while this is decided, so two requests at once
can't both create. The checked file comes from the cache; its verdicts are worked out again
from today's catalog, prices and configurator (``checking.verdicts_today``): when they differ,
what would be ordered may no longer be what the person saw, so nothing is created and the
message asks to check the file again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core import signing
from django.core.cache import cache
from django.db import transaction

from portal.accounts.models import User
from portal.core.collector import collector_paused
from portal.core.errors import DomainError

from ..models import EventKind, Order, OrderEvent
from ..services.drafts import new_draft
from .checking import verdicts_today
from .preview import (
    SIGNING_SALT,
    STASH_SECONDS,
    Analysis,
    analyse,
    require_may_import,
    stash_key,
)
from .rows import RowRefusal
from .writing import write_lines

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

STALE_PREVIEW = "Проверка файла устарела или не ваша. Загрузите файл ещё раз."
MAX_NOTES = 10_000


@dataclass(frozen=True)
class Accepted:
    order: Order
    created: bool  # False: this preview had been accepted before; it is that draft
    refused: list[RowRefusal] = field(default_factory=list)


@transaction.atomic
def excel_import_accept(
    *, actor: Actor, preview_token_or_data: str | bytes, file_name: str = "", **details
) -> Accepted:
    """Create a draft from the valid rows of a previewed file (by the preview's token) or of
    a file given as bytes (checked and accepted in one step, not deduplicated: clients that
    retry should use the token). ``details`` are the draft's
    header fields of ``orders.services.order_create`` (legal entity, kind, dates, …)."""
    require_may_import(actor)
    with collector_paused():
        return _accept(actor, preview_token_or_data, file_name, **details)


def _accept(actor: Actor, preview_token_or_data: str | bytes, file_name: str, **details):
    if isinstance(preview_token_or_data, bytes):
        analysis = analyse(actor, file_name, preview_token_or_data)
        return _create(actor, analysis, file_name, import_id=uuid.uuid4().hex, **details)
    claims = _claims(actor, preview_token_or_data)
    User.objects.select_for_update().filter(pk=actor.user_id).exists()
    existing = _accepted_before(actor, claims["p"])
    if existing is not None:
        return Accepted(existing, created=False)
    analysis = cache.get(stash_key(claims["p"]))
    if not isinstance(analysis, Analysis) or analysis.digest != claims["d"]:
        raise DomainError("Проверенный файл больше не хранится. Загрузите его ещё раз.")
    if verdicts_today(actor.organisation, analysis.verdicts) != analysis.verdicts:
        raise DomainError(
            "С момента проверки изменились цены или каталог. Проверьте файл ещё раз.",
            code="conflict",
        )
    accepted = _create(actor, analysis, claims["f"], import_id=claims["p"], **details)
    transaction.on_commit(lambda: cache.delete(stash_key(claims["p"])))
    return accepted


def _claims(actor: Actor, token: str) -> dict:
    try:
        claims = signing.loads(token, salt=SIGNING_SALT, max_age=STASH_SECONDS)
    except signing.BadSignature:
        raise DomainError(STALE_PREVIEW) from None
    if claims.get("u") != actor.user_id or claims.get("o") != actor.organisation_id:
        raise DomainError(STALE_PREVIEW)
    return claims


def _accepted_before(actor: Actor, import_id: str) -> Order | None:
    event = (
        OrderEvent.objects.filter(
            order__buyer_id=actor.organisation_id,
            kind=EventKind.CREATED,
            data__excel_import=import_id,
        )
        .select_related("order")
        .first()
    )
    return event.order if event is not None else None


def _create(
    actor: Actor, analysis: Analysis, file_name: str, *, import_id: str, **details
) -> Accepted:
    if not analysis.lines:
        raise DomainError("В файле нет строк, которые можно взять в заказ.", field="file")
    notes = "\n".join(
        f"Строка {line.row} ({line.item.article or line.item.name}): {line.note}"
        for line in analysis.lines
        if line.note
    )
    if notes:
        given = (details.get("buyer_notes") or "").strip()
        details["buyer_notes"] = "\n".join(part for part in (given, notes) if part)[:MAX_NOTES]
    order = new_draft(
        actor,
        action="created_excel",
        text=f"Из файла Excel «{file_name}»: строк {len(analysis.lines)}, "
        f"не взято {len(analysis.refused)}.",
        data={
            "excel_import": import_id,
            "file": file_name,
            "sheet": analysis.sheet,
            "lines": len(analysis.lines),
            "refused": len(analysis.refused),
        },
        **details,
    )
    write_lines(order, analysis.lines)
    return Accepted(order, created=True, refused=analysis.refused)
