"""The factory admin reads every exchange session: files, their imports, errors, refusals."""

import pytest
from django.urls import reverse

from .onec import account_fixture, onec_fixture  # noqa: F401
from .test_http_catalog import HTTP

pytestmark = pytest.mark.django_db


def test_the_log_shows_sessions_files_runs_and_errors(world, onec):
    client = onec("catalog")
    client.checkauth()
    client.call("init")
    client.send_file("import.xml", (HTTP / "import.xml").read_bytes(), chunks=2)
    client.import_until_done("import.xml")
    client.call("file", b"x", filename="../evil.xml")
    onec("sale", password="wrong").checkauth()

    page = world.client("factory_admin").get(reverse("exchange:sessions"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "1c@factory.test" in body and "import.xml" in body and "(2 ч.)" in body
    assert "импорт</a>" in body or "импорт №" in body
    assert "Недопустимое имя файла «../evil.xml»" in body
    assert "Отклонённые входы" in body


@pytest.mark.parametrize("name", ["manager_a", "accountant", "dealer_a_admin"])
def test_others_are_refused(world, name):
    assert world.client(name).get(reverse("exchange:sessions")).status_code == 403
