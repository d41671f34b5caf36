from django.core.management.base import BaseCommand

from portal.billing.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = "Напомнить покупателям о просроченных счетах (раз в неделю на счёт; запуск из cron)."

    def handle(self, *args, **options):
        sent = send_overdue_reminders()
        self.stdout.write(self.style.SUCCESS(f"Отправлено напоминаний: {sent}"))
