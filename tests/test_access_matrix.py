"""Every URL × every kind of user, with the expected answer; refused writes change nothing.

The entries live in tests/access/<area>.py (each module exports ENTRIES). A URL that no entry
classifies fails `test_every_url_is_classified`.
"""

import importlib
import json
import pkgutil

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access.matrix import ANONYMOUS, ROLES, Entry

# Routes that are not tenant data at all.
EXEMPT = {
    "set_language": "switches the interface language (public, no data)",
    "healthz": "liveness probe: answers «ok», no data (tested in portal/core/tests/test_health)",
    "catalog_media": "product pictures from 1C, the same for everyone (tested in test_catalog_media)",
}


# What a page may answer with; anything else (e.g. a status code passed where render() expects
# a content type) means browsers would not show the page.
CONTENT_TYPES = {
    "text/html",
    "application/json",
    "text/plain",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oai.openapi",
    "text/javascript",
    "image/svg+xml",
}


def _entries() -> list[Entry]:
    entries = []
    for module in pkgutil.iter_modules(tests.access.__path__):
        if module.name != "matrix":
            entries.extend(importlib.import_module(f"tests.access.{module.name}").ENTRIES)
    return entries


ENTRIES = _entries()


def _route_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _route_names(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def test_every_url_is_classified():
    routes = set(_route_names())
    classified = {entry.route for entry in ENTRIES}
    assert sorted(routes - classified - set(EXEMPT)) == [], "URLs missing from the access matrix"
    assert sorted(classified - routes) == [], "matrix entries for URLs that no longer exist"


def _fingerprint() -> dict:
    """Every row of every portal table except the audit log (a refusal may be audited)."""
    snapshot = {}
    for model in apps.get_models():
        if model.__module__.startswith("portal.") and model._meta.label != "audit.AuditEvent":
            snapshot[model._meta.label] = list(model.objects.order_by("pk").values())
    return snapshot


def _send(client, entry: Entry, url: str, world):
    data = entry.data(world) if entry.data else {}
    if entry.method == "GET":
        return client.get(url, data)
    if entry.content_type == "json":
        return client.generic(entry.method, url, json.dumps(data), content_type="application/json")
    return client.generic(
        entry.method, url, _form(data), content_type="application/x-www-form-urlencoded"
    )


def _form(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


CASES = [
    pytest.param(entry, role, id=f"{entry.method} {entry.route} as {role}")
    for entry in ENTRIES
    for role in ROLES
]


@pytest.mark.parametrize(("entry", "role"), CASES)
def test_access(world, entry: Entry, role: str):
    client = world.client(None if role == ANONYMOUS else role)
    url = reverse(entry.route, kwargs=entry.args(world) if entry.args else None)
    is_api = entry.route.startswith("api")
    before = _fingerprint() if entry.method != "GET" else None

    response = _send(client, entry, url, world)
    expected = entry.expected(role)
    status = response.status_code
    location = response.get("Location", "")

    if expected == "allow":
        assert status in entry.ok, f"{role} should be allowed, got {status}"
        if not entry.ends_at_login:
            assert "/login/" not in location, f"{role} was sent to the login page"
        if status == 200:
            content_type = response["Content-Type"].split(";")[0]
            assert content_type in CONTENT_TYPES, f"answered as {content_type!r}"
        return
    if expected == "login":
        if is_api:
            assert status in (401, 403), f"anonymous API call answered {status}"
        else:
            assert status == 302 and "/login/" in location, f"anonymous got {status} {location}"
    elif expected == "hidden":
        assert status == 404, f"{role} must not see the object, got {status}"
    else:
        assert status == 403, f"{role} must be refused, got {status}"
    if before is not None:
        assert _fingerprint() == before, "a refused request changed data"
