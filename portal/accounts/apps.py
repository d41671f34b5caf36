from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Пользователи"

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (marks when a session signed in)
