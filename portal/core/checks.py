"""The portal's own deploy checks (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks

PROCESS_LOCAL = ("LocMemCache", "DummyCache")


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Web processes must share one cache: the catalog and pricing versions live there. With a
    cache of each process's own, a price change seen by one gunicorn worker leaves the others
    pricing with the old terms for up to five minutes, and one worker's lock-outs and price
    list builds are unknown to the rest."""
    backend = settings.CACHES["default"]["BACKEND"]
    if not backend.endswith(PROCESS_LOCAL):
        return []
    return [
        checks.Warning(
            "Кэш у каждого процесса свой: изменение цен, увиденное одним процессом, другие "
            "увидят только через пять минут.",
            hint="Задайте REDIS_URL (например, redis://127.0.0.1:6379/0).",
            id="portal.W001",
        )
    ]
