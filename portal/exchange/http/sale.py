"""``type=sale``: init → query → success → file [→ import] (COMMERCEML.md §1.4).

An old client (no ``version`` in init) expects its orders file to be applied right on
``file``; a new one only uploads there and calls ``import`` for it.
"""

from __future__ import annotations

from django.utils import timezone

from ..commerceml.safety import ImportRefused
from ..models import ExchangeFile, ExchangeSession
from ..orders_export import orders_confirm, orders_query
from ..orders_import import sale_documents_import
from . import answers
from .accounts import accountant_actor, seller_actor
from .catalog import file_row, receive
from .storage import file_limit, folders_prune, session_folder

PROTOCOL_VERSION = "2.09"


def init(request, session: ExchangeSession, token: str):
    session_folder(session)
    folders_prune(keep=session)
    rows = ["zip=no", f"file_limit={file_limit()}"]
    version = request.GET.get("version", "").strip()[:32]
    if version:
        ExchangeSession.objects.filter(pk=session.pk).update(client_version=version)
        if token:
            rows.append(f"sessid={token}")
        rows.append(f"version={PROTOCOL_VERSION}")
    return answers.lines(*rows, status="init")


def query(request, session: ExchangeSession, token: str):
    document, count = orders_query(session=session)
    return answers.xml(document, message=f"Заказов отдано: {count}.")


def success(request, session: ExchangeSession, token: str):
    count = orders_confirm(session=session)
    return answers.success(f"Заказов принято 1С: {count}.")


def file(request, session: ExchangeSession, token: str):
    row = receive(request, session)
    session.refresh_from_db(fields=["client_version"])
    if session.client_version:
        return answers.success(f"Файл «{row.name}» принят ({row.size} байт).")
    return apply(session, row)


def import_(request, session: ExchangeSession, token: str):
    row = file_row(session, request.GET.get("filename", ""))
    if row is None:
        return answers.failure(f"Файл «{request.GET.get('filename', '')}» не был загружен.")
    if row.processed_at is not None:
        return answers.success(f"Файл «{row.name}» уже обработан.")
    return apply(session, row)


def apply(session: ExchangeSession, row: ExchangeFile):
    path = session_folder(session) / row.name
    try:
        report = sale_documents_import(
            seller=seller_actor(session.user),
            accountant=accountant_actor(session.user),
            path=path,
            name=row.name,
        )
    except ImportRefused as refusal:
        return answers.failure(refusal.message)
    ExchangeFile.objects.filter(pk=row.pk).update(processed_at=timezone.now())
    return answers.success(*report.lines())
