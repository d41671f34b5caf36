"""The canary sweep: no dealer or sub-dealer ever receives a price it must not see.

Every run plants improbable amounts (tests/canaries.py): factory prices, each dealer's
purchase prices and terms, each sub-dealer's prices, orders and invoices made of them. Then each
role of the two dealer trees opens every GET entry of the access matrix (as a page and as an
htmx request), the same routes for the planted orders, invoices, units, products and
snapshots, and sends the harmless writes (configurator pricing, quick-order preview, cart add);
every body (HTML, JSON, xlsx cells and parts, PDF text) and every e-mail sent to the role
(with its attachments) is searched for the amounts the role must not see.

The sweep proves it can fail: each role must find its own prices somewhere, the factory admin
must find the factory's and both dealers' purchase prices, and the scanner is tested on every
spelling of an amount and on real xlsx and PDF files.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from tests import canaries
from tests.canaries import Canary, Hit, find, plant, plant_catalog
from tests.test_access_matrix import ENTRIES
from tests.world import USERS

ROLES = (
    "dealer_a_admin",
    "dealer_a_employee",
    "dealer_a_accountant",
    "sub_a1_admin",
    "sub_a1_employee",
    "dealer_b_admin",
    "sub_b1_admin",
)
CONTROL = "factory_admin"  # sees every planted amount: proves they are on the pages at all

# Writes that are harmless and show prices: each is sent by every role and rolled back.
WRITES = {
    ("configurator:detail", "POST"),
    ("api:configurator-quote", "POST"),
    ("cart:quick", "POST"),
    ("cart:add", "POST"),
    ("api:order-quick", "POST"),
}
# The same writes once more with the planted articles and choices.
EXTRA_WRITES = [
    ("cart:quick", None, {"text": "CAN-W 1\nCAN-D 2", "action": "check"}, None),
    ("api:order-quick", None, {"text": "CAN-W 1\nCAN-D 2"}, "json"),
    ("configurator:detail", "model", {"width": "1500", "sash_count": "3"}, None),
    ("api:configurator-quote", "model", {"choices": {"width": "1500"}}, "json"),
]

# Routes about one object: also opened for each planted object of that kind (kind, kwarg).
RETARGET = {
    "orders:detail": ("order", "pk"),
    "api:order-detail": ("order", "pk"),
    "api:order-units": ("order", "pk"),
    "api:order-comments": ("order", "pk"),
    "cart:copy": ("order", "order_id"),
    "orders:unit": ("unit", "pk"),
    "orders:unit_label": ("unit", "pk"),
    "billing:invoice": ("invoice", "pk"),
    "billing:invoice_pdf": ("invoice", "pk"),
    "api:invoice-detail": ("invoice", "pk"),
    "api:invoice-pdf": ("invoice", "pk"),
    "billing:payment": ("payment", "pk"),
    "api:payment-detail": ("payment", "pk"),
    "billing:balance": ("legal_entity", "pk"),
    "billing:statement_xlsx": ("legal_entity", "pk"),
    "billing:statement_pdf": ("legal_entity", "pk"),
    "api:balance-detail": ("legal_entity", "pk"),
    "api:balance-statement": ("legal_entity", "pk"),
    "catalog:product": ("product", "pk"),
    "api:product-detail": ("product", "pk"),
    "api:product-stock": ("product", "pk"),
    "api:product-price-explanation": ("product", "pk"),
    "api:group-detail": ("group", "pk"),
    "configurator:detail": ("model", "code"),
    "configurator:snapshot": ("snapshot", "pk"),
    "catalog:pricing_dealer": ("dealer", "pk"),
    "catalog:pricing_promotion": ("promotion", "pk"),
    "organisations:detail": ("organisation", "pk"),
    "api:organisation-detail": ("organisation", "pk"),
}
# Routes that never carry tenant data: skipped, they only cost time.
NO_DATA = {"api:schema": "describes the API (the matrix checks who gets it)"}
# Statements for the last three months (the planted invoices are two months old).
STATEMENTS = (
    "billing:balance",
    "billing:statement_xlsx",
    "billing:statement_pdf",
    "api:balance-statement",
)


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """A savepoint undone at the end: each batch and each write starts from the same rows."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


@dataclass
class Sweep:
    forbidden: dict[str, list[Canary]]
    everything: list[Canary]
    responses: Counter = field(default_factory=Counter)
    bytes: Counter = field(default_factory=Counter)
    mails: Counter = field(default_factory=Counter)
    leaks: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    seen: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    errors: list[str] = field(default_factory=list)

    def scan(self, role: str, body: bytes, content_type: str, where: str) -> None:
        text = canaries.text_of_body(body, content_type)
        self.bytes[role] += len(body)
        forbidden = self.forbidden.get(role, ())
        for hit in find(text, self.everything, where):
            self.seen[role].add(hit.canary.label)
            if hit.canary in forbidden:
                self.leaks[role].append(hit)

    def send(self, role, client, method, url, *, data=None, content_type=None, htmx=False):
        headers = {"HX-Request": "true"} if htmx else {}
        where = f"{method} {url}{' (htmx)' if htmx else ''}"
        try:
            with transaction.atomic():
                if method == "GET":
                    response = client.get(url, headers=headers)
                elif content_type == "json":
                    response = client.generic(
                        method,
                        url,
                        json.dumps(data or {}),
                        content_type="application/json",
                        headers=headers,
                    )
                else:
                    response = client.post(url, data or {}, headers=headers, follow=not htmx)
        except Exception as error:  # a broken page is reported, not a reason to stop
            self.errors.append(f"{role}: {where}: {error!r}")
            return None
        self.responses[role] += 1
        self.scan(role, canaries.body_of(response), response.get("Content-Type", ""), where)
        return response


def _build_args(world, entry):
    if entry.args is None:
        return {}
    with transaction.atomic():
        return entry.args(world)


def _sweep_entry(sweep, world, clients, entry, kwargs):
    url = reverse(entry.route, kwargs=kwargs or None)
    for role, client in clients.items():
        if role == CONTROL:
            continue
        if entry.method == "GET":
            _get(sweep, role, client, url)
        else:
            _write(sweep, world, role, client, entry, url)


def _get(sweep, role, client, url):
    response = sweep.send(role, client, "GET", url)
    if (
        response is not None
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and role != CONTROL
    ):
        sweep.send(role, client, "GET", url, htmx=True)


def _write(sweep, world, role, client, entry, url):
    for htmx in (False, True):
        with rolled_back():
            payload = entry.data(world) if entry.data else {}
            sweep.send(
                role,
                client,
                entry.method,
                url,
                data=payload,
                content_type=entry.content_type,
                htmx=htmx,
            )


def _sweep_planted(sweep, world, clients, planted):
    """The routes about one object, for the planted ones; the lists with filters."""
    since = (timezone.localdate() - timedelta(days=90)).isoformat()
    period = f"date_from={since}&date_to={timezone.localdate().isoformat()}"
    gets = {entry.route for entry in ENTRIES if entry.method == "GET"}
    for route, (kind, name) in RETARGET.items():
        if route not in gets:
            continue
        for target in planted.targets[kind]:
            url = reverse(route, kwargs={name: target["pk"] if name != "code" else target["code"]})
            each = f"{url}?{period}" if route in STATEMENTS else url
            for role, client in clients.items():
                _get(sweep, role, client, each)
    for route, queries in planted.extra_queries.items():
        for query in queries:
            for role, client in clients.items():
                _get(sweep, role, client, f"{reverse(route)}?{query}")
    model = planted.targets["model"][0]["code"]
    for route, target, data, content_type in EXTRA_WRITES:
        url = reverse(route, kwargs={"code": model} if target else None)
        for role, client in clients.items():
            for htmx in (False, True):
                with rolled_back():
                    sweep.send(
                        role,
                        client,
                        "POST",
                        url,
                        data=data,
                        content_type=content_type,
                        htmx=htmx,
                    )


def _scan_mail(sweep, outbox):
    role_of = {f"{name}@example.test": name for name in USERS}
    for message in outbox:
        text = canaries.mail_text(message)
        for address in [*message.to, *message.cc, *message.bcc]:
            role = role_of.get(address)
            if role is None:
                continue
            sweep.mails[role] += 1
            sweep.scan(role, text.encode(), "text/plain", f"e-mail «{message.subject}»")


def _report(sweep) -> str:
    lines = ["role                  responses      bytes  e-mails  leaks"]
    for role in (*ROLES, CONTROL):
        lines.append(
            f"{role:20} {sweep.responses[role]:10} {sweep.bytes[role]:10} "
            f"{sweep.mails[role]:8} {len(sweep.leaks[role]):6}"
        )
    lines.append(
        f"{'total':20} {sum(sweep.responses.values()):10} {sum(sweep.bytes.values()):10} "
        f"{sum(sweep.mails.values()):8} {sum(len(v) for v in sweep.leaks.values()):6}"
    )
    for role, hits in sweep.leaks.items():
        for hit in hits[:20]:
            lines.append(f"LEAK {role}: {hit.canary.label} in {hit.where}: …{hit.excerpt}…")
    lines.extend(f"ERROR {error}" for error in sweep.errors[:20])
    return "\n".join(lines)


def test_no_role_receives_a_price_it_must_not_see(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    clients = {role: world.client(role) for role in (*ROLES, CONTROL)}
    entries = [
        entry
        for entry in ENTRIES
        if entry.route not in NO_DATA
        and (entry.method == "GET" or (entry.route, entry.method) in WRITES)
    ]
    sweep = None
    first = True
    batches = []
    started, cpu = time.perf_counter(), time.process_time()
    pending = entries
    while pending:
        deferred = []
        with rolled_back():
            built = []
            for entry in pending:
                try:
                    built.append((entry, _build_args(world, entry)))
                except Exception:  # clashes with an entry built before: next batch
                    deferred.append(entry)
            assert built, f"no matrix entry could be built: {[e.route for e in deferred]}"
            if first:
                with django_capture_on_commit_callbacks(execute=True):
                    planted = plant(world)
            else:  # only the matrix's own objects here: the catalog and carts are enough
                plant_catalog(world)
            if sweep is None:
                everything = [
                    canary for group in vars(planted.canaries).values() for canary in group
                ]
                sweep = Sweep(
                    forbidden={role: planted.canaries.forbidden_for(role) for role in ROLES},
                    everything=everything,
                )
            for entry, kwargs in built:
                with django_capture_on_commit_callbacks(execute=first):
                    _sweep_entry(sweep, world, clients, entry, kwargs)
            if first:
                with django_capture_on_commit_callbacks(execute=True):
                    _sweep_planted(sweep, world, clients, planted)
                first = False
        batches.append(len(built))
        pending = deferred
    print(
        f"\nmatrix entries per batch: {batches}; {time.perf_counter() - started:.1f} s, "
        f"{time.process_time() - cpu:.1f} s of CPU"
    )
    _scan_mail(sweep, mailoutbox)
    report = _report(sweep)
    print("\n" + report)

    assert not sweep.errors, report
    assert sum(len(hits) for hits in sweep.leaks.values()) == 0, report
    # The sweep reached priced content: each role found every amount that is its own …
    for role in ROLES:
        own = {canary.label for canary in planted.canaries.own_of(role)}
        assert own <= sweep.seen[role], f"{role} never saw {sorted(own - sweep.seen[role])}"
    # … and the factory admin sees the factory price and both dealers' purchase prices.
    upstream = planted.canaries.factory + planted.canaries.dealer_a + planted.canaries.dealer_b
    expected = {canary.label for canary in upstream if canary.kind in ("price", "total")}
    assert expected <= sweep.seen[CONTROL], sorted(expected - sweep.seen[CONTROL])
    # E-mails reached both trees (the accountant's carry the invoice PDF).
    assert sweep.mails["sub_a1_admin"] and sweep.mails["dealer_a_accountant"], report


# --------------------------------------------------------------------- the scanner itself

AMOUNT = Canary("planted", Decimal("918273.46"))
ROUND = Canary("planted, ten kopecks", Decimal("652497.60"))
PERCENT = Canary("planted %", Decimal("13.57"), "percent")


@pytest.mark.parametrize(
    "text",
    [
        "918273.46",
        "918273,46",
        "918 273,46 ₽",
        "918\u00a0273,46",
        "918\u202f273,46",
        "918\u2009273.46",
        "918&nbsp;273,46",
        '{"amount": "918273.46"}',
        "<td>918 273</td>",
        "итого 918\u202f273 ₽",
        "918,273.46",
        "Total: 918,273 ₽",
    ],
)
def test_scanner_finds_every_spelling_of_an_amount(text):
    assert find(text, [AMOUNT], "text")


@pytest.mark.parametrize("text", ["652497.6", "652 497,60", "652497"])
def test_scanner_finds_an_amount_written_without_its_last_zero(text):
    assert find(text, [ROUND], "text")


@pytest.mark.parametrize(
    "text", ["1918273.46", "918273.461", "9182734", "18273.46", "91827346", "3.918273"]
)
def test_scanner_does_not_find_other_numbers(text):
    assert not find(text, [AMOUNT], "text")


def test_scanner_finds_a_percentage_but_not_inside_other_numbers():
    assert find("Скидка дилера −13,57%", [PERCENT], "text")
    assert not find("113,57 ₽ и 13 ₽", [PERCENT], "text")


def test_scanner_reads_xlsx_cells_and_pdf_text():
    workbook = Workbook()
    workbook.active.append(["Окно", 918273.46])
    workbook.create_sheet("Скрытый").append(["918 273,46"])
    buffer = BytesIO()
    workbook.save(buffer)
    xlsx = canaries.text_of_body(buffer.getvalue(), canaries.XLSX)
    assert len(find(xlsx, [AMOUNT], "xlsx")) == 1 and "Скрытый" in xlsx

    from weasyprint import HTML

    pdf = HTML(string="<p>Цена: 918&#8239;273,46 ₽</p>").write_pdf()
    assert find(canaries.text_of_body(pdf, "application/pdf"), [AMOUNT], "pdf")
