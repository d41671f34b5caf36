"""The one URL 1C calls: ``?type=…&mode=…``, any method, answered 200 in the protocol's words.

Whatever goes wrong, 1C reads ``failure`` and a short Russian reason — never an HTML error page
(1C would report «неизвестный статус»); the traceback goes to the server log. Every request of
a session, and every sign-in attempt, is written to the exchange log.
"""

from __future__ import annotations

import logging
import time

from django.db.models import F
from django.views.decorators.csrf import csrf_exempt

from portal.core.errors import DomainError

from ..models import ExchangeEvent, ExchangeSession
from . import answers, catalog, sale
from .accounts import authenticate_basic, basic_credentials
from .sessions import COOKIE, session_find, session_open, session_touch
from .storage import UploadRefused

logger = logging.getLogger(__name__)

UNKNOWN = "Неизвестная команда."
NO_SESSION = "Сеанс обмена не найден или истёк: начните обмен заново (checkauth)."
BAD_LOGIN = "Неверный логин или пароль, или учётная запись не допущена к обмену с 1С."
CRASHED = "Внутренняя ошибка портала; подробности в журнале сервера."

HANDLERS = {
    ("catalog", "init"): catalog.init,
    ("catalog", "file"): catalog.file,
    ("catalog", "import"): catalog.import_,
    ("catalog", "deactivate"): catalog.deactivate,
    ("catalog", "complete"): catalog.complete,
    ("sale", "init"): sale.init,
    ("sale", "query"): sale.query,
    ("sale", "success"): sale.success,
    ("sale", "file"): sale.file,
    ("sale", "import"): sale.import_,
}
KINDS = {kind for kind, _ in HANDLERS}


@csrf_exempt
def exchange(request):
    kind = request.GET.get("type", "").strip().lower()
    mode = request.GET.get("mode", "").strip().lower()
    session = None
    try:
        response, session = dispatch(request, kind, mode)
    except (UploadRefused, DomainError) as refusal:
        response = answers.failure(refusal.message)
    except Exception:
        logger.exception("1C exchange %s/%s failed", kind, mode)
        response = answers.failure(CRASHED)
    log(request, response, session=session, kind=kind, mode=mode)
    return response


def dispatch(request, kind: str, mode: str):
    if mode == "checkauth" and kind in KINDS:
        return checkauth(request, kind)
    handler = HANDLERS.get((kind, mode))
    if handler is None:
        return answers.failure(UNKNOWN), None
    session, token = session_find(request, kind=kind, mode=mode)
    if session is None:
        return answers.failure(NO_SESSION), None
    request.exchange_session = session
    session_touch(session)
    return handler(request, session, token), session


def checkauth(request, kind: str):
    user = authenticate_basic(request)
    if user is None:
        return answers.failure(BAD_LOGIN), None
    session, token = session_open(user=user, kind=kind)
    request.exchange_session = session
    rows = ["success", COOKIE, token, f"sessid={token}"]
    if kind == "catalog":
        rows.append(f"timestamp={int(time.time())}")
    response = answers.lines(*rows, status="success", message="Вход выполнен.")
    response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", secure=request.is_secure())
    return response, session


def log(request, response, *, session: ExchangeSession | None, kind: str, mode: str) -> None:
    """One row per request of a session or sign-in attempt; anonymous noise is not kept."""
    session = session or getattr(request, "exchange_session", None)
    if session is None and not (mode == "checkauth" and basic_credentials(request)):
        return
    status = getattr(response, "log_status", "")
    try:
        ExchangeEvent.objects.create(
            session=session,
            kind=kind[:16],
            mode=mode[:32],
            filename=request.GET.get("filename", "")[:500],
            answer=status[:16],
            message=getattr(response, "log_message", "")[:2000],
        )
        if session is not None and status == "failure":
            ExchangeSession.objects.filter(pk=session.pk).update(failures=F("failures") + 1)
    except Exception:
        logger.exception("1C exchange log could not be written")
