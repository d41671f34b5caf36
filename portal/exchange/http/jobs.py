"""The background half of ``catalog/import``: run the importer on the session's files.

1C keeps asking ``mode=import`` and reads ``progress`` until the run has finished, so a large
catalog never has to fit into one HTTP request.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.utils import timezone
from django_tasks import task

from portal.organisations.actor import actor_for_user

from ..models import ImportRun
from ..services import import_run_execute

logger = logging.getLogger(__name__)
CRASHED = "Внутренняя ошибка импорта; подробности в журнале сервера портала."


@task()
def exchange_import_task(*, run_id: int, folder: str) -> str:
    run = ImportRun.objects.select_related("user__organisation__parent").get(pk=run_id)
    actor = actor_for_user(run.user) if run.user else None
    try:
        paths = [Path(folder) / name for name in run.files]
        return import_run_execute(run=run, paths=paths, actor=actor).status
    except Exception:
        # 1C would otherwise ask «import» forever about a run that never finishes.
        logger.exception("1C exchange import run %s crashed", run_id)
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            errors=[{"file": "", "line": None, "message": CRASHED}],
            finished_at=timezone.now(),
        )
        return ImportRun.Status.FAILED
