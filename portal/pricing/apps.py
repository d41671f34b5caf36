from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "portal.pricing"
    label = "pricing"
    verbose_name = "Цены"

    def ready(self) -> None:
        from .terms_cache import connect

        connect()
