"""English is the second interface language: the compiled catalogue is in the tree and current."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
CYRILLIC = re.compile("[\u0400-\u04ff]")


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


# Documents and e-mails stay Russian whoever builds them (docs/decisions.md).
RUSSIAN_DOCUMENTS = (
    "emails/",
    "billing/emails/",
    "billing/invoice_pdf.html",
    "billing/statement_pdf.html",
    "pricing/price_list_pdf.html",
)
TRANSLATED = (
    r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",  # a block, with its variables
    r"{%\s*translate\s+(\"[^\"]*\"|'[^']*')[^%]*%}",  # {% translate "…" %}, also "as name"
    r"_\((\"[^\"]*\"|'[^']*')\)",  # _("…") as a tag's argument
    r"{#.*?#}",
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
)


def test_interface_templates_leave_no_russian_untranslated():
    """Every Russian word of a page template goes through the catalogue, so an English page
    is English but for its data; only the Russian documents are written in Russian."""
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        if name.startswith(RUSSIAN_DOCUMENTS):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in TRANSLATED:
            text = re.sub(pattern, "", text, flags=re.S)
        found += [f"{name}: {line.strip()}" for line in text.splitlines() if CYRILLIC.search(line)]
    assert found == []
