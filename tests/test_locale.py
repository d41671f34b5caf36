"""English is the second interface language: the compiled catalogue is in the tree and current."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def _messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    """Edit django.po, then run `manage.py compilemessages`: `make run` serves the .mo as is."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("gettext (msgfmt) не установлен")
    fresh = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603 (a fixed command on our own file)
        [msgfmt, "--check-format", "-o", str(fresh), str(CATALOGUE / "django.po")], check=True
    )
    assert _messages(CATALOGUE / "django.mo") == _messages(fresh), (
        "locale/en/LC_MESSAGES/django.mo is stale: run manage.py compilemessages"
    )


def switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_login_page_in_english(client, db):
    switch_to_english(client)
    page = client.get("/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Sign in to the dealer portal" in page
    assert "Forgot your password?" in page
    assert "Вход в дилерский портал" not in page


def test_wrong_password_in_english(client, world):
    switch_to_english(client)
    response = client.post("/login/", {"username": world.dealer_a_admin.email, "password": "x"})
    assert "Wrong e-mail or password" in response.content.decode()


def test_home_page_and_navigation_in_english(world):
    client = world.client("dealer_a_admin")
    switch_to_english(client)
    page = client.get("/").content.decode()
    for text in (">Home<", ">My company<", ">Sub-dealers<", "Sign out", "Add a sub-dealer"):
        assert text in page
    assert "Выйти" not in page
