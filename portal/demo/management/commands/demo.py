from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import organisations


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (повторный запуск ничего не дублирует)."

    def handle(self, *args, **options):
        with transaction.atomic():
            companies = organisations.build()
        self.stdout.write(
            self.style.SUCCESS(
                f"Демо-данные готовы: {len(companies)} организаций. Пароль всех демо-входов: "
                f"{organisations.DEMO_PASSWORD}"
            )
        )
