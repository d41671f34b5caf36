from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "portal.pricing"
    label = "pricing"
    verbose_name = "Цены"

    def ready(self) -> None:
        from .version import connect

        connect()
