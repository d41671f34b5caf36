"""Every way a file enters the portal, each answering one file with an ``Answer``.

Service paths call the function the views call; HTTP paths drive the real URL with the test
client, as the person (or 1C) would. Each returns what the person reads: the HTTP status and
the Russian message, and whether the file was refused."""

from __future__ import annotations

import base64
import io
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.apps import apps
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.forms import BaseForm
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.billing.imports.bank import payments_import_bank
from portal.billing.imports.onec import payments_import_1c
from portal.core.errors import DomainError
from portal.exchange.commerceml.safety import ImportRefused
from portal.exchange.http.accounts import accountant_actor, seller_actor
from portal.exchange.models import ImportRun
from portal.exchange.orders_import import sale_documents_import
from portal.exchange.services import catalog_import
from portal.orders import services as order_services
from portal.orders.excel import excel_import_preview

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# What must never reach a person: a traceback, or the exchange's «we crashed» answers.
LEAKS = ("Traceback", "Внутренняя ошибка", 'File "/')
STORED_APPS = ("catalog", "orders", "billing", "pricing")


@dataclass(frozen=True)
class Answer:
    path: str
    status: int
    message: str
    refused: bool


def assert_clear(answer: Answer) -> None:
    """Below 500, a Russian message, nothing of the server's insides."""
    assert answer.status < 500, answer
    assert CYRILLIC.search(answer.message), answer
    for leak in LEAKS:
        assert leak not in answer.message, answer


def stored_state() -> tuple[int, ...]:
    """How many rows each table of the business data holds (catalog, orders, money), in one
    query: it runs after every one of thousands of files."""
    tables = [
        model._meta.db_table
        for label in STORED_APPS
        for model in apps.get_app_config(label).get_models()
    ]
    # the table names come from the app registry, not from input
    counts = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return tuple(cursor.fetchone())


def _form_errors(context) -> list[str]:
    found = []
    for layer in context or []:
        for value in layer.dicts if hasattr(layer, "dicts") else [layer]:
            if not isinstance(value, dict):
                continue
            for item in value.values():
                if isinstance(item, BaseForm) and item.is_bound and item.errors:
                    found += [str(m) for errors in item.errors.values() for m in errors]
    return list(dict.fromkeys(found))


def _web_message(response, client: Client) -> tuple[str, bool]:
    """The page's own words: form errors and flash messages (following one redirect)."""
    if response.status_code in (301, 302):
        page = client.get(response["Location"])
        assert page.status_code < 500
        flashes = [str(m) for m in get_messages(page.wsgi_request)] or [
            str(m) for m in page.context.get("messages", [])
        ]
        return " ".join(flashes), False
    errors = _form_errors(response.context)
    flashes = [str(m) for m in get_messages(response.wsgi_request)]
    extra = response.context.get("error", "") if response.context else ""
    return " ".join([*errors, *flashes, extra]).strip(), bool(errors or extra)


class Portal:
    """The people, the order and the 1C account the paths need; ``folder`` takes temp files."""

    def __init__(self, *, world, folder: Path, exchange_user, commits, order_id: int):
        self.world = world
        self.folder = folder
        self.exchange_user = exchange_user
        self.commits = commits
        self.order_id = order_id
        self.clients: dict[str, Client] = {}

    def client(self, name: str) -> Client:
        if name not in self.clients:
            self.clients[name] = self.world.client(name)
        return self.clients[name]

    def api(self, name: str) -> APIClient:
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=self.world.users[name])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    def temp(self, name: str, data: bytes) -> Path:
        folder = self.folder / uuid.uuid4().hex
        folder.mkdir()
        path = folder / (Path(name).name or "file")
        path.write_bytes(data)
        return path

    # ---------------------------------------------------------------- service level

    def catalog_service(self, name: str, data: bytes) -> Answer:
        run = catalog_import(paths=[self.temp(name, data)])
        return _run_answer("catalog_service", run)

    def import_1c_command(self, name: str, data: bytes) -> Answer:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_1c", str(self.temp(name, data)), stdout=out, stderr=err)
        except CommandError as error:
            return Answer("import_1c_command", 200, f"{err.getvalue()} {error}", True)
        return Answer("import_1c_command", 200, out.getvalue() + err.getvalue(), False)

    def excel_service(self, name: str, data: bytes) -> Answer:
        try:
            preview = excel_import_preview(
                actor=self.world.actor("dealer_a_admin"), file_name=name, data=data
            )
        except DomainError as error:
            return Answer("excel_service", 200, error.message, True)
        reasons = " ".join(row.reason for row in preview.refused)
        return Answer(
            "excel_service", 200, f"Строк к заказу: {len(preview.lines)}. {reasons}", False
        )

    def bank_service(self, name: str, data: bytes) -> Answer:
        try:
            report = payments_import_bank(
                actor=self.world.actor("accountant"), content=data, name=name
            )
        except DomainError as error:
            return Answer("bank_service", 200, error.message, True)
        return Answer("bank_service", 200, f"Оплат записано: {report.created}.", False)

    def payments_1c_service(self, name: str, data: bytes) -> Answer:
        try:
            report = payments_import_1c(
                actor=self.world.actor("accountant"), path=self.temp(name, data), name=name
            )
        except DomainError as error:
            return Answer("payments_1c_service", 200, error.message, True)
        return Answer(
            "payments_1c_service", 200, f"Оплат записано: {report.created}. {report.skipped}", False
        )

    def sale_service(self, name: str, data: bytes) -> Answer:
        try:
            report = sale_documents_import(
                seller=seller_actor(self.exchange_user),
                accountant=accountant_actor(self.exchange_user),
                path=self.temp(name, data),
                name=name,
            )
        except (ImportRefused, DomainError) as error:
            return Answer("sale_service", 200, error.message, True)
        return Answer("sale_service", 200, " ".join(report.lines()), False)

    def attachment_service(self, name: str, data: bytes) -> Answer:
        try:
            order_services.order_comment_add(
                actor=self.world.actor("dealer_a_admin"),
                order_id=self.order_id,
                text="",
                files=[SimpleUploadedFile(name, data)],
            )
        except DomainError as error:
            return Answer("attachment_service", 200, error.message, True)
        return Answer("attachment_service", 200, "Комментарий добавлен.", False)

    # ---------------------------------------------------------------- HTTP

    def catalog_page(self, name: str, data: bytes) -> Answer:
        client = self.client("factory_admin")
        with self.commits(execute=True):
            response = client.post("/exchange/", {"files": [SimpleUploadedFile(name, data)]})
        if response.status_code != 302:
            message, _ = _web_message(response, client)
            return Answer("catalog_page", response.status_code, message, True)
        page = client.get(response["Location"])
        run = page.context["run"]
        answer = _run_answer("catalog_page", run)
        assert page.status_code == 200
        for error in run.errors[:1]:  # the person sees the reason on the run's page
            assert _escaped(error["message"]) in page.content.decode()
        return answer

    def excel_web(self, name: str, data: bytes) -> Answer:
        client = self.client("dealer_a_admin")
        response = client.post("/cart/import/", {"file": SimpleUploadedFile(name, data)})
        message, refused = _web_message(response, client)
        if not refused and response.status_code == 200:
            preview = response.context["preview"]
            message = f"Строк к заказу: {len(preview.lines)}. " + " ".join(
                row.reason for row in preview.refused
            )
        return Answer("excel_web", response.status_code, message, refused)

    def excel_api(self, name: str, data: bytes) -> Answer:
        response = self.api("dealer_a_admin").post(
            "/api/v1/orders/import/preview/",
            {"file": SimpleUploadedFile(name, data)},
            format="multipart",
        )
        body = json.dumps(response.json(), ensure_ascii=False)
        if response.status_code == 200:
            body = "Строк к заказу: " + str(len(response.json().get("lines", []))) + " " + body
        return Answer("excel_api", response.status_code, body, response.status_code != 200)

    def billing_web(self, kind: str, name: str, data: bytes) -> Answer:
        client = self.client("accountant")
        response = client.post(
            "/billing/import/", {"kind": kind, "file": SimpleUploadedFile(name, data)}
        )
        message, refused = _web_message(response, client)
        if not refused:
            report = response.context["report"]
            message = f"Оплат записано: {report.created}. {' '.join(report.skipped)}"
        return Answer(f"billing_web_{kind}", response.status_code, message, refused)

    def bank_web(self, name: str, data: bytes) -> Answer:
        return self.billing_web("bank", name, data)

    def payments_1c_web(self, name: str, data: bytes) -> Answer:
        return self.billing_web("1c", name, data)

    def comment_web(self, name: str, data: bytes) -> Answer:
        client = self.client("dealer_a_admin")
        response = client.post(
            f"/orders/{self.order_id}/comment/",
            {"text": "", "files": [SimpleUploadedFile(name, data)]},
        )
        message, refused = _web_message(response, client)
        return Answer("comment_web", response.status_code, message, refused)

    def comment_api(self, name: str, data: bytes) -> Answer:
        response = self.api("dealer_a_admin").post(
            f"/api/v1/orders/{self.order_id}/comments/",
            {"files": [SimpleUploadedFile(name, data)]},
            format="multipart",
        )
        body = json.dumps(response.json(), ensure_ascii=False)
        if response.status_code == 201:
            body = "Комментарий добавлен. " + body
        return Answer("comment_api", response.status_code, body, response.status_code != 201)

    def exchange_catalog(self, name: str, data: bytes) -> Answer:
        onec = OneC(self.exchange_user.email, "catalog", self.commits)
        lines = onec.call("init")
        assert lines[0] == "zip=yes", lines
        lines = onec.call("file", data, filename=name)
        # After a zip, 1C asks to import the files inside it by name, as after a plain file.
        imported = "import.xml" if name.lower().endswith(".zip") else name
        for _ in range(10):
            if lines[0] not in ("success", "progress"):
                break
            lines = onec.call("import", filename=imported)
            if lines[0] != "progress":
                break
        assert lines[0] != "progress", f"{name}: 1C would ask «import» for ever"
        return Answer("exchange_catalog", 200, "\n".join(lines[1:]), lines[0] == "failure")

    def exchange_sale(self, name: str, data: bytes) -> Answer:
        onec = OneC(self.exchange_user.email, "sale", self.commits)
        onec.call("init", version="2.09")
        lines = onec.call("file", data, filename=name)
        if lines[0] == "success":
            lines = onec.call("import", filename=name)
        return Answer("exchange_sale", 200, "\n".join(lines[1:]), lines[0] == "failure")


def _run_answer(path: str, run: ImportRun) -> Answer:
    messages = [error["message"] for error in run.errors] or [*run.notes]
    text = f"Импорт: {run.get_status_display()}. " + " ".join(messages)
    return Answer(path, 200, text, run.status == ImportRun.Status.FAILED)


def _escaped(text: str) -> str:
    from django.utils.html import escape

    return escape(text[:80])


PASSWORD = "correct-horse-battery-staple"


class OneC:
    """1C's «Обмен с сайтом» over the test client: Basic auth once, then its cookie."""

    URL = "/exchange/1c/"

    def __init__(self, email: str, kind: str, commits):
        self.kind = kind
        self.commits = commits
        self.client = Client()
        auth = "Basic " + base64.b64encode(f"{email}:{PASSWORD}".encode()).decode()
        lines = self._text(
            self.client.get(self.URL, {"type": kind, "mode": "checkauth"}, HTTP_AUTHORIZATION=auth)
        )
        assert lines[0] == "success", lines
        self.cookie = f"{lines[1]}={lines[2]}"

    @staticmethod
    def _text(response) -> list[str]:
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "text/plain; charset=windows-1251"
        return response.content.decode("cp1251").rstrip("\n").split("\n")

    def call(self, mode: str, body: bytes | None = None, **params) -> list[str]:
        self.client.cookies.clear()
        url = f"{self.URL}?{urlencode({'type': self.kind, 'mode': mode, **params})}"
        with self.commits(execute=True):
            if body is None:
                response = self.client.get(url, HTTP_COOKIE=self.cookie)
            else:
                response = self.client.post(
                    url, data=body, content_type="application/octet-stream", HTTP_COOKIE=self.cookie
                )
        return self._text(response)


SERVICE_PATHS = (
    "catalog_service",
    "import_1c_command",
    "excel_service",
    "bank_service",
    "payments_1c_service",
    "sale_service",
    "attachment_service",
)
HTTP_PATHS = (
    "catalog_page",
    "exchange_catalog",
    "exchange_sale",
    "excel_web",
    "excel_api",
    "bank_web",
    "payments_1c_web",
    "comment_web",
    "comment_api",
)
