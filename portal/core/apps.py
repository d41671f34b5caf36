from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "portal.core"
    label = "core"

    def ready(self) -> None:
        from . import checks  # noqa: F401 — registers the deploy checks
        from .sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="portal-unicode-like")
