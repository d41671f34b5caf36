from django.apps import AppConfig


class ConfiguratorConfig(AppConfig):
    name = "portal.catalog.configurator"
    label = "configurator"
    verbose_name = "Конфигуратор"
