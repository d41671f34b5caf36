from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.exchange.importer.report import KINDS, OUTCOMES
from portal.exchange.models import ImportRun
from portal.exchange.services import catalog_import

OUTCOME_LABELS = {
    "created": "создано",
    "updated": "обновлено",
    "unchanged": "без изменений",
    "withdrawn": "снято",
}


class Command(BaseCommand):
    help = "Загрузить каталог из файлов CommerceML (XML, папки или zip с import_files/)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_OR_ZIP")

    def handle(self, *args, paths, **options):
        run = catalog_import(paths=[Path(p) for p in paths], source=ImportRun.Source.COMMAND)
        for kind, label in KINDS.items():
            numbers = run.counts.get(kind, {})
            if any(numbers.values()):
                parts = ", ".join(f"{OUTCOME_LABELS[o]} {numbers.get(o, 0)}" for o in OUTCOMES)
                self.stdout.write(f"{label}: {parts}")
        for note in run.notes:
            self.stdout.write(note)
        for error in run.errors:
            where = f", строка {error['line']}" if error.get("line") else ""
            self.stderr.write(f"{error['file']}{where}: {error['message']}")
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(f"Импорт №{run.pk} отклонён, каталог не изменён.")
        self.stdout.write(self.style.SUCCESS(f"Импорт №{run.pk}: {run.get_status_display()}."))
