import pytest
from django.core.management import CommandError, call_command

from portal.catalog.models import Product
from portal.exchange.models import ImportRun

from .conftest import FIXTURES, PACKAGE

pytestmark = pytest.mark.django_db


def test_import_1c_prints_counts_and_records_the_run(capsys):
    call_command("import_1c", str(PACKAGE / "import.xml"), str(PACKAGE / "offers.xml"))
    out = capsys.readouterr().out
    assert "Товары: создано 3, обновлено 0, без изменений 0, снято 0" in out
    assert Product.objects.count() == 3
    run = ImportRun.objects.get()
    assert (run.source, run.status) == (ImportRun.Source.COMMAND, ImportRun.Status.SUCCESS)
    call_command("import_1c", str(PACKAGE))
    assert "Товары: создано 0, обновлено 0, без изменений 3, снято 0" in capsys.readouterr().out


def test_import_1c_fails_loudly_and_changes_nothing(tmp_path, capsys):
    broken = tmp_path / "import.xml"
    broken.write_bytes((FIXTURES / "delta.xml").read_bytes()[:300])
    with pytest.raises(CommandError, match="каталог не изменён"):
        call_command("import_1c", str(broken))
    assert "import.xml" in capsys.readouterr().err
    assert not Product.objects.exists()
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED
