from pathlib import Path

import pytest
from django.apps import apps

FIXTURES = Path(__file__).parent / "fixtures"
PACKAGE = FIXTURES / "package"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "uploads"


def catalog_snapshot() -> dict[str, list]:
    """Every row of every catalog table, to prove a refused import changed nothing."""
    return {
        model._meta.db_table: sorted(
            (tuple(str(v) for v in row) for row in model.objects.values_list()), key=str
        )
        for model in apps.get_app_config("catalog").get_models()
    }


@pytest.fixture
def snapshot():
    return catalog_snapshot
