"""Hardening (issue #6): security headers, cookies, the login lock-out, the end of sessions.

Tests run over plain HTTP (SITE_HTTPS=0); here requests go over HTTPS (``secure=True``) with
the settings production has (``PRODUCTION``, checked against config/settings.py itself).
The audit of every write is in tests/test_audit_every_write.py.
"""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import include, path, reverse
from rest_framework.authtoken.models import Token

from portal.accounts.models import User
from portal.accounts.services import user_set_active
from portal.audit.models import AuditEvent
from portal.organisations.services import organisation_set_blocked
from tests.access.matrix import ANONYMOUS
from tests.test_access_matrix import ENTRIES
from tests.world import PASSWORD

# What SITE_HTTPS=1 (the production default) turns on in config/settings.py.
PRODUCTION = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
}

LOGIN = "/login/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/me/"
LOCKED = "Вход временно заблокирован"


def boom(request):
    raise RuntimeError("a bug")


# Used by the 500 test through @pytest.mark.urls: the portal plus one view that fails.
urlpatterns = [path("boom/", boom), path("", include("config.urls"))]


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


def test_production_values_are_what_the_settings_module_gives():
    code = (
        "import json; from config import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {sorted(PRODUCTION)!r}}}))"
    )
    env = {**os.environ, "DEBUG": "0", "SITE_HTTPS": "1", "SECRET_KEY": "x" * 50}
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed code)
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == PRODUCTION


# --- Headers -------------------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    assert header, "no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response) -> None:
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def assert_html_policy(response) -> None:
    assert_security_headers(response)
    csp = csp_directives(response)
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts, "CSP without a script source"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in csp.get("style-src", csp["default-src"])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


class InlineCode(HTMLParser):
    """What a strict CSP would block: inline scripts and styles, handlers, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None  # the tag while inside an inline <script>

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name == "style" or name.startswith("hx-on"):
                self.found.append(f"<{tag} {name}=…>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script":
            data_block = attributes.get("type", "") in {"application/json", "application/ld+json"}
            self._script = None if "src" in attributes or data_block else tag

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")


def inline_code(response) -> list[str]:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _role(entry) -> str:
    return ANONYMOUS if entry.public else sorted(entry.allow)[0]


GETS = [entry for entry in ENTRIES if entry.method == "GET"]


@pytest.mark.parametrize(
    "entry", GETS, ids=[f"GET {entry.route} as {_role(entry)}" for entry in GETS]
)
def test_every_page_carries_the_security_headers(world, production, entry):
    role = _role(entry)
    client = world.client(None if role == ANONYMOUS else role)
    url = reverse(entry.route, kwargs=entry.args(world) if entry.args else None)

    response = client.get(url, entry.data(world) if entry.data else {}, secure=True)

    assert response.status_code in entry.ok
    assert_security_headers(response)
    if is_html(response):
        assert_html_policy(response)
        if response.status_code == 200:
            assert inline_code(response) == []


def test_the_matrix_gives_html_pages_to_scan(world, production):
    """The parametrised test above is only as good as its pages: most GETs are HTML."""
    html = 0
    for entry in GETS:
        with transaction.atomic():  # each entry sees the world as it was built
            role = _role(entry)
            client = world.client(None if role == ANONYMOUS else role)
            url = reverse(entry.route, kwargs=entry.args(world) if entry.args else None)
            response = client.get(url, entry.data(world) if entry.data else {}, secure=True)
            html += response.status_code == 200 and is_html(response)
            transaction.set_rollback(True)
    assert html >= len(GETS) // 2


def test_plain_http_is_sent_to_https(world, production):
    response = Client().get(LOGIN)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/login/"


def test_login_and_lockout_pages(world, production):
    client = Client(REMOTE_ADDR="10.0.0.9")
    page = client.get(LOGIN, secure=True)
    assert page.status_code == 200
    assert_html_policy(page)
    assert inline_code(page) == []
    for _ in range(5):
        client.post(LOGIN, {"username": world.dealer_a_admin.email, "password": "x"}, secure=True)
    locked = client.post(
        LOGIN, {"username": world.dealer_a_admin.email, "password": "x"}, secure=True
    )
    assert locked.status_code == 429
    assert_html_policy(locked)
    assert inline_code(locked) == []


@pytest.mark.parametrize("who", [None, "dealer_a_admin"])
def test_not_found_page(world, production, who):
    response = world.client(who).get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_html_policy(response)
    assert inline_code(response) == []


def test_forbidden_page(world, production):
    response = world.client("dealer_a_employee").get("/audit/", secure=True)
    assert response.status_code == 403
    assert_html_policy(response)
    assert inline_code(response) == []


def test_csrf_failure_page(world, production):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": "a@example.test", "password": "x"}, secure=True)
    assert response.status_code == 403
    assert_html_policy(response)
    assert inline_code(response) == []
    assert "Форма устарела" in response.content.decode()


@pytest.mark.urls("tests.test_hardening")
def test_server_error_page(world, production):
    client = world.client("dealer_a_admin")
    client.raise_request_exception = False
    response = client.get("/boom/", secure=True)
    assert response.status_code == 500
    assert_html_policy(response)
    assert inline_code(response) == []
    assert "Что-то пошло не так" in response.content.decode()


def test_api_answers_are_not_sniffed(world, production):
    token = Token.objects.create(user=world.dealer_a_admin)
    ok = Client().get(ME, secure=True, HTTP_AUTHORIZATION=f"Token {token.key}")
    refused = Client().get(ME, secure=True)
    for response in (ok, refused):
        assert response["Content-Type"] == "application/json"
        assert_security_headers(response)
    assert (ok.status_code, refused.status_code) == (200, 401)


# --- Cookies -------------------------------------------------------------------------------


def assert_strict_cookie(cookie) -> None:
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] in {"Lax", "Strict"}


def test_login_over_https_sets_strict_cookies(world, production):
    User.objects.filter(pk=world.dealer_a_admin.pk).update(language="en")
    client = Client()
    page = client.get(LOGIN, secure=True)
    assert_strict_cookie(page.cookies["csrftoken"])

    response = client.post(
        LOGIN, {"username": world.dealer_a_admin.email, "password": PASSWORD}, secure=True
    )

    assert response.status_code == 302
    assert set(response.cookies) >= {"sessionid", "csrftoken", "django_language"}
    for name in ("sessionid", "csrftoken", "django_language"):
        assert_strict_cookie(response.cookies[name])


def test_language_switch_sets_a_strict_cookie(world, production):
    client = world.client("dealer_a_admin")
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, secure=True)
    assert response.status_code == 302
    assert_strict_cookie(response.cookies["django_language"])


# --- Lock-out ------------------------------------------------------------------------------


def web_login(address: str, email: str, password: str):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": email, "password": password})
    return response, client


def token_login(address: str, email: str, password: str):
    return Client(REMOTE_ADDR=address).post(
        TOKEN, {"email": email, "password": password}, content_type="application/json"
    )


def test_five_web_failures_lock_that_account_from_that_address_only(world):
    victim, other = world.dealer_a_admin.email, world.dealer_b_admin.email
    for attempt in range(1, 6):
        response, _ = web_login("10.0.0.1", victim, "wrong")
        assert (response.status_code == 429) == (attempt == 5), f"attempt {attempt}"

    sixth, client = web_login("10.0.0.1", victim, PASSWORD)
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert LOCKED in page and "Сбросить пароль" in page
    assert "_auth_user_id" not in client.session
    locked = AuditEvent.objects.filter(action="login_locked", actor_email=victim, ip="10.0.0.1")
    assert locked.count() == 2  # when the lock-out began, and for the refused sixth attempt
    assert {event.organisation for event in locked} == {world.dealer_a}
    # The same account from another address, and another account from this address, sign in.
    elsewhere, _ = web_login("10.0.0.2", victim, PASSWORD)
    assert elsewhere.status_code == 302 and elsewhere["Location"] == "/"
    neighbour, _ = web_login("10.0.0.1", other, PASSWORD)
    assert neighbour.status_code == 302 and neighbour["Location"] == "/"


def test_five_api_failures_lock_that_account_from_that_address_only(world):
    victim, other = world.dealer_a_admin.email, world.dealer_b_admin.email
    for _ in range(5):
        token_login("10.0.0.1", victim, "wrong")

    sixth = token_login("10.0.0.1", victim, PASSWORD)
    assert sixth.status_code == 429
    assert sixth.json()["detail"].startswith("Слишком много неудачных попыток")
    assert not Token.objects.filter(user=world.dealer_a_admin).exists()
    assert token_login("10.0.0.2", victim, PASSWORD).status_code == 200
    assert token_login("10.0.0.1", other, PASSWORD).status_code == 200


def test_failures_of_unknown_accounts_lock_nobody_else(world):
    for number in range(10):
        web_login("10.0.0.1", f"nobody{number}@example.test", "wrong")
    response, _ = web_login("10.0.0.1", world.dealer_a_admin.email, PASSWORD)
    assert response.status_code == 302


def proxied_login(settings, forwarded_for: str, email: str, password: str):
    """Behind our proxy every request comes from the proxy's address (REMOTE_ADDR)."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR=forwarded_for)
    return client.post(LOGIN, {"username": email, "password": password})


def test_behind_the_proxy_the_lockout_keys_on_the_callers_address(world, settings):
    victim = world.dealer_a_admin.email
    for number in range(5):
        # A made-up first entry does not help: the proxy's own (last) entry counts.
        proxied_login(settings, f"198.51.100.{number}, 203.0.113.1", victim, "wrong")

    assert proxied_login(settings, "203.0.113.1", victim, PASSWORD).status_code == 429
    # Somebody else behind the same proxy is not locked out of that account.
    assert proxied_login(settings, "203.0.113.2", victim, PASSWORD).status_code == 302


# --- Sessions ------------------------------------------------------------------------------


def test_a_session_is_dead_after_logout(world):
    response, client = web_login("10.0.0.1", world.dealer_a_admin.email, PASSWORD)
    assert response.status_code == 302
    stolen = client.cookies["sessionid"].value
    assert client.get("/").status_code == 200

    assert client.post("/logout/").status_code == 302

    replay = Client()
    replay.cookies["sessionid"] = stolen
    home = replay.get("/")
    assert home.status_code == 302 and home["Location"].startswith(LOGIN)
    assert replay.get(ME).status_code in (401, 403)


def block_user(world):
    user_set_active(
        actor=world.actor("dealer_a_admin"), user_id=world.sub_a1_employee.pk, active=False
    )


def block_company(world):
    organisation_set_blocked(
        actor=world.actor("dealer_a_admin"), organisation_id=world.sub_a1.pk, blocked=True
    )


def block_dealer(world):
    organisation_set_blocked(
        actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=True
    )


BLOCKS = [block_user, block_company, block_dealer]


@pytest.mark.parametrize("block", BLOCKS)
def test_a_live_web_session_stops_at_the_next_request_after_a_block(world, block):
    response, client = web_login("10.0.0.1", world.sub_a1_employee.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    block(world)

    refused = client.get("/")
    assert refused.status_code == 302 and refused["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    again = client.get("/")
    assert again.status_code == 302 and again["Location"].startswith(LOGIN)


@pytest.mark.parametrize("block", BLOCKS)
def test_a_live_api_session_stops_after_a_block(world, block):
    _, client = web_login("10.0.0.1", world.sub_a1_employee.email, PASSWORD)
    assert client.get(ME).status_code == 200

    block(world)

    assert client.get(ME).status_code in (401, 403)


@pytest.mark.parametrize("block", BLOCKS)
def test_an_api_token_stops_after_a_block(world, block):
    key = token_login("10.0.0.1", world.sub_a1_employee.email, PASSWORD).json()["token"]
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(ME).status_code == 200

    block(world)

    refused = client.get(ME)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Доступ вашей организации или вашей учётной записи закрыт."


def test_a_blocked_session_stays_dead_after_the_user_is_unblocked(world):
    _, client = web_login("10.0.0.1", world.sub_a1_employee.email, PASSWORD)
    assert client.get("/").status_code == 200
    block_user(world)
    assert client.get("/").status_code == 302

    user_set_active(
        actor=world.actor("dealer_a_admin"), user_id=world.sub_a1_employee.pk, active=True
    )

    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith(LOGIN)
