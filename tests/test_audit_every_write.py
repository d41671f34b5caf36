"""Every state-changing request leaves an audit row (issue #6, «Hardening»).

Each write entry of the access matrix (POST/PUT/PATCH/DELETE) is sent as one of its allowed
roles. If it changed any portal row (or an API token), at least one new ``AuditEvent`` must
exist and every new action must have a Russian label in ``portal.audit.actions.LABELS``.

Some matrix entries send data the portal refuses or only previews (the matrix is about who may
ask, not about successful writes), so they change nothing. Those are listed in ``NO_WRITE``
with the reason; an entry that changes nothing and is not listed fails, so the list stays
honest. If one of them starts writing, the general rule applies to it: it must be audited.

Only ``ENTRIES`` and the ``Entry`` attributes are used from the matrix.
"""

import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.authtoken.models import Token

from portal.audit.actions import LABELS
from portal.audit.models import AuditEvent
from tests.test_access_matrix import ENTRIES

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
WRITES = [entry for entry in ENTRIES if entry.method in WRITE_METHODS]

# Writes that, with the matrix's data, change nothing — and why. No state change, no audit.
NO_WRITE = {
    ("POST", "api:configurator-quote"): "prices a configuration; saves nothing",
    ("POST", "configurator:detail"): "recalculates the configuration on the page",
    ("POST", "configurator:edit"): "the matrix sends an incomplete form (400)",
    ("POST", "exchange_1c:endpoint"): "no exchange session: the protocol answers «failure»",
    ("POST", "exchange:list"): "no files uploaded: the form answers with its error",
    ("POST", "api:order-from-cart"): "the cart is empty (400)",
    ("POST", "cart:order"): "the cart is empty (400)",
    ("POST", "api:order-quick"): "an unknown article: the answer lists it, creates nothing",
    ("POST", "cart:quick"): "the «check» action previews the lines",
    ("POST", "api:order-import-preview"): "a preview of the Excel file writes nothing",
    ("POST", "cart:import"): "a preview of the Excel file writes nothing",
    ("POST", "api:order-import-accept"): "no previewed import to accept (400)",
    ("POST", "cart:import_accept"): "no previewed import to accept (400)",
    ("POST", "cart:bundle"): "no sub-dealer orders to bundle (400)",
    ("POST", "api:order-units-ship"): "no units ready to ship (400)",
    ("POST", "api:order-units-receive"): "no units shipped to receive (400)",
    ("POST", "api:order-units-sell"): "no units received to sell (400)",
    ("POST", "billing:payment_allocate"): "no open invoice for the advance: a message only",
    ("POST", "billing:import"): "no file: the form answers with its error",
    ("POST", "catalog:pricing_promotion_create"): "the form is refused with its errors",
    ("POST", "notifications:read_all"): "the role has no unread notifications",
}


def _fingerprint() -> dict:
    """Every row of every portal table except the audit log, plus the API tokens."""
    snapshot = {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model.__module__.startswith("portal.") and model._meta.label != "audit.AuditEvent"
    }
    snapshot["authtoken.Token"] = list(Token.objects.order_by("pk").values())
    return snapshot


def _send(client, entry, url: str, data: dict):
    if entry.content_type == "json":
        return client.generic(entry.method, url, json.dumps(data), content_type="application/json")
    return client.generic(
        entry.method,
        url,
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


def _role(entry) -> str | None:
    """One allowed role, the same every run; nobody for public forms such as signing in (a
    signed-in user is sent home), but a real user for signing out."""
    if entry.public and not entry.ends_at_login:
        return None
    return sorted(entry.allow)[0]


@pytest.mark.parametrize(
    "entry", WRITES, ids=[f"{entry.method} {entry.route} as {_role(entry)}" for entry in WRITES]
)
def test_every_write_leaves_a_labelled_audit_row(world, entry):
    client = world.client(_role(entry))
    url = reverse(entry.route, kwargs=entry.args(world) if entry.args else None)
    data = entry.data(world) if entry.data else {}
    before = _fingerprint()
    known = set(AuditEvent.objects.values_list("pk", flat=True))

    response = _send(client, entry, url, data)

    assert response.status_code in entry.ok, f"the allowed role got {response.status_code}"
    changed = _fingerprint() != before
    actions = list(AuditEvent.objects.exclude(pk__in=known).values_list("action", flat=True))
    assert [action for action in actions if action not in LABELS] == [], "unlabelled action"
    if changed:
        assert actions, "the request changed data and left no audit row"
    elif not actions:
        key = (entry.method, entry.route)
        assert key in NO_WRITE, "changed nothing: list it in NO_WRITE with the reason"


def test_no_write_lists_only_write_entries():
    writes = {(entry.method, entry.route) for entry in WRITES}
    assert sorted(set(NO_WRITE) - writes) == []
