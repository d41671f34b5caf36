from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from portal.demo import billing as demo_billing
from portal.demo import catalog, configurator, organisations, pricing
from portal.demo import orders as demo_orders


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (повторный запуск ничего не дублирует)."

    # Demo orders go through the real services, which notify people by e-mail: nobody should
    # receive the story's letters.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
    def handle(self, *args, **options):
        with transaction.atomic():
            companies = organisations.build()
            models = configurator.build()
        # The catalog goes through the real 1C importer, which runs its own transaction.
        run = catalog.build()
        with transaction.atomic():
            pricing.build(companies)
            orders = demo_orders.build(companies)
            demo_billing.build(companies)
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-данные готовы: {len(companies)} организаций, {len(models)} моделей "
                f"конфигуратора, каталог: {run.get_status_display().lower()}, "
                f"заказов создано: {len(orders)}. Пароль всех демо-входов: "
                f"{organisations.DEMO_PASSWORD}"
            )
        )
