"""Catalog import from 1C files: the factory admin only."""

from portal.exchange.models import ImportRun
from tests.access.matrix import Entry

FACTORY_ADMIN = frozenset({"factory_admin"})


def run(world) -> dict:
    return {
        "pk": ImportRun.objects.create(source=ImportRun.Source.COMMAND, files=["import.xml"]).pk
    }


ENTRIES = [
    Entry("exchange:list", FACTORY_ADMIN),
    Entry("exchange:list", FACTORY_ADMIN, method="POST", note="no files: the form answers 200"),
    Entry("exchange:detail", FACTORY_ADMIN, args=run),
]
