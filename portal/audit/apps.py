from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "portal.audit"
    label = "audit"
    verbose_name = "Журнал действий"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (login / logout / failed login)
