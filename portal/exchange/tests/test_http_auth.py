"""Who may speak for 1C, and how every answer looks — even a refusal or a crash."""

import pytest
from django.test import Client

from portal.exchange.http.sessions import COOKIE
from portal.exchange.models import ExchangeEvent, ExchangeSession
from tests.world import PASSWORD

from .onec import EXCHANGE_EMAIL, URL, OneC, account_fixture, basic, text  # noqa: F401

pytestmark = pytest.mark.django_db


def test_checkauth_answers_cookie_sessid_and_timestamp(account):
    onec = OneC("catalog")
    lines = onec.checkauth()
    assert lines[0] == "success"
    assert lines[1] == COOKIE
    token = lines[2]
    assert len(token) >= 40
    assert lines[3] == f"sessid={token}"
    assert lines[4].startswith("timestamp=") and lines[4].removeprefix("timestamp=").isdigit()
    assert lines[5:] == [""]  # every line ends with \n
    session = ExchangeSession.objects.get()
    assert (session.kind, session.user, session.token_hash != token) == ("catalog", account, True)


def test_sale_checkauth_has_no_timestamp(account):
    lines = OneC("sale").checkauth()
    assert lines[0] == "success" and lines[3].startswith("sessid=")
    assert lines[4:] == [""]


@pytest.mark.parametrize(
    ("email", "password", "listed"),
    [
        (EXCHANGE_EMAIL, "wrong password", True),
        ("nobody@example.test", PASSWORD, True),
        ("factory_admin@example.test", PASSWORD, False),  # an admin, but not the 1C account
        ("manager_a@example.test", PASSWORD, True),  # listed, but not a factory admin
        ("accountant@example.test", PASSWORD, True),
        ("dealer_a_admin@example.test", PASSWORD, True),
        ("sub_a1_admin@example.test", PASSWORD, True),
    ],
)
def test_only_the_listed_factory_admin_gets_in(account, settings, email, password, listed):
    if listed:
        settings.EXCHANGE_USERS = [EXCHANGE_EMAIL, email]
    lines = OneC("catalog", email, password).checkauth()
    assert lines[0] == "failure"
    assert "логин или пароль" in lines[1]
    assert not ExchangeSession.objects.exists()
    assert ExchangeEvent.objects.get().answer == "failure"  # the attempt is in the log


def test_the_exchange_is_closed_while_no_account_is_listed(account, settings):
    settings.EXCHANGE_USERS = []
    assert OneC("catalog").checkauth()[0] == "failure"


def test_a_blocked_factory_or_inactive_account_is_refused(account):
    account.is_active = False
    account.save()
    assert OneC("sale").checkauth()[0] == "failure"


def test_without_a_session_every_command_fails(account, world):
    for mode in ("init", "file", "import", "complete"):
        response = Client().get(URL, {"type": "catalog", "mode": mode, "filename": "import.xml"})
        assert text(response)[0] == "failure"
    # a portal login is not an exchange session, even the factory admin's
    response = world.client("factory_admin").get(URL, {"type": "sale", "mode": "query"})
    assert text(response)[:2] == [
        "failure",
        "Сеанс обмена не найден или истёк: начните обмен заново (checkauth).",
    ]
    assert not ExchangeSession.objects.exists()


def test_a_forged_or_foreign_cookie_fails(account):
    onec = OneC("catalog")
    onec.checkauth()
    onec.cookie = f"{COOKIE}=forged"
    assert onec.call("init")[0] == "failure"
    sale = OneC("sale")
    sale.checkauth()
    catalog_cookie = OneC("catalog")
    catalog_cookie.checkauth()
    sale.cookie = catalog_cookie.cookie  # a catalog session does not open the orders
    assert sale.call("query")[0] == "failure"


@pytest.mark.parametrize("where", ["query", "header"])
def test_the_sessid_token_alone_is_a_session(account, where):
    onec = OneC("catalog")
    token = onec.checkauth()[2]
    onec.cookie = ""
    if where == "query":
        lines = onec.call("init", sessid=token)
    else:
        lines = text(onec.raw("init", headers={"X-Bitrix-Csrf-Token": token}))
    assert lines[0] == "zip=yes"


def test_basic_auth_on_every_request_works_without_cookie(account):
    onec = OneC("catalog")
    response = onec.raw("init", headers={"Authorization": basic(EXCHANGE_EMAIL, PASSWORD)})
    assert text(response)[0] == "zip=yes"
    response = onec.raw("init", headers={"Authorization": basic(EXCHANGE_EMAIL, "wrong")})
    assert text(response)[0] == "failure"
    assert ExchangeSession.objects.count() == 1


def test_unknown_command(account):
    onec = OneC("catalog")
    onec.checkauth()
    assert onec.call("listen") == ["failure", "Неизвестная команда.", ""]
    assert text(Client().get(URL, {"type": "crm", "mode": "checkauth"}))[:2] == [
        "failure",
        "Неизвестная команда.",
    ]
    assert text(Client().get(URL))[0] == "failure"


def test_get_and_post_are_both_accepted(account):
    onec = OneC("sale")
    onec.checkauth()
    response = onec.client.post(f"{URL}?type=sale&mode=init", headers={"Cookie": onec.cookie})
    assert text(response)[0] == "zip=no"


def test_an_internal_error_is_a_failure_line_not_an_html_page(account, settings, tmp_path):
    onec = OneC("catalog")
    onec.checkauth()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    settings.EXCHANGE_UPLOAD_DIR = blocker  # mkdir under a file: the OS refuses
    lines = onec.call("init")
    assert lines[:2] == ["failure", "Внутренняя ошибка портала; подробности в журнале сервера."]
    assert ExchangeEvent.objects.filter(mode="init", answer="failure").exists()


def test_password_guessing_locks_out_with_a_failure_line(account, settings):
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 2
    for _ in range(3):
        response = OneC("catalog", password="guess").client.get(
            URL,
            {"type": "catalog", "mode": "checkauth"},
            headers={"Authorization": basic(EXCHANGE_EMAIL, "guess")},
        )
        assert text(response)[0] == "failure"
    # locked out now: even the right password is refused for a while
    assert OneC("catalog").checkauth()[0] == "failure"
