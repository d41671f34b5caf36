"""A test double of 1C's «Обмен с сайтом»: speaks the HTTP protocol over Django's test client
exactly as 1C does — Basic auth on checkauth, then the cookie from checkauth's answer."""

from __future__ import annotations

import base64
from contextlib import nullcontext
from urllib.parse import urlencode

import pytest
from django.test import Client

from portal.accounts.models import User
from portal.organisations.roles import Role
from tests.world import PASSWORD

URL = "/exchange/1c/"
EXCHANGE_EMAIL = "1c@factory.test"


@pytest.fixture(name="account")
def account_fixture(world, settings):
    """The dedicated exchange account «1С»: a factory admin listed in EXCHANGE_USERS."""
    settings.EXCHANGE_USERS = [EXCHANGE_EMAIL]
    return User.objects.create_user(
        EXCHANGE_EMAIL, PASSWORD, full_name="1С", organisation=world.factory, role=Role.ADMIN
    )


@pytest.fixture(name="onec")
def onec_fixture(account, django_capture_on_commit_callbacks):
    """Make a 1C client whose requests run their after-commit jobs (the import), like the
    immediate task backend does outside a test transaction."""

    def make(kind: str, email: str = EXCHANGE_EMAIL, password: str = PASSWORD) -> OneC:
        return OneC(kind, email, password, commits=django_capture_on_commit_callbacks)

    return make


def basic(email: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()


def text(response) -> list[str]:
    """The answer's lines, after checking what every text answer must be."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=windows-1251"
    body = response.content
    assert not body.startswith(b"\xef\xbb\xbf") and b"<html" not in body.lower()
    assert b"\r" not in body
    return body.decode("cp1251").split("\n")


class OneC:
    def __init__(
        self, kind: str, email: str = EXCHANGE_EMAIL, password: str = PASSWORD, commits=None
    ):
        self.kind = kind
        self.commits = commits
        self.email, self.password = email, password
        self.client = Client()
        self.cookie = ""

    def checkauth(self) -> list[str]:
        response = self.client.get(
            URL,
            {"type": self.kind, "mode": "checkauth"},
            headers={"Authorization": basic(self.email, self.password)},
        )
        lines = text(response)
        if lines[0] == "success":
            self.cookie = f"{lines[1]}={lines[2]}"
        return lines

    def raw(self, mode: str, body: bytes | None = None, headers: dict | None = None, **params):
        """One request like 1C sends it: only the cookie it was told, never the jar."""
        self.client.cookies.clear()
        query = urlencode({"type": self.kind, "mode": mode, **params})
        headers = {"Cookie": self.cookie, **(headers or {})} if self.cookie else headers or {}
        with self.commits(execute=True) if self.commits else nullcontext():
            if body is None:
                return self.client.get(f"{URL}?{query}", headers=headers)
            return self.client.post(
                f"{URL}?{query}",
                data=body,
                content_type="application/octet-stream",
                headers=headers,
            )

    def call(self, mode: str, body: bytes | None = None, **params) -> list[str]:
        return text(self.raw(mode, body, **params))

    def send_file(self, name: str, data: bytes, *, chunks: int = 1) -> None:
        size = -(-len(data) // chunks)
        for start in range(0, len(data), size):
            assert self.call("file", data[start : start + size], filename=name)[0] == "success"

    def import_until_done(self, name: str, *, limit: int = 20) -> list[str]:
        """Repeat ``import`` while the portal answers ``progress``, as 1C does."""
        for _ in range(limit):
            lines = self.call("import", filename=name)
            if lines[0] != "progress":
                return lines
        raise AssertionError(f"import of {name} never finished")
