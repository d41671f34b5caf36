"""Every URL and API operation × every kind of user × every owner of the object, with the
expected answer; refused writes change nothing.

The entries live in tests/access/<area>.py (each module exports ENTRIES). A URL that no entry
classifies fails `test_every_url_is_classified`, an operation of the OpenAPI schema that no
entry covers fails `test_every_api_operation_is_classified`, and a URL that names an object
without saying whose it is fails `test_every_object_url_has_owners`.
"""

import importlib
import json
import pkgutil
import re
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.test import APIClient

import tests.access
from tests.access.matrix import ANONYMOUS, LOGGED_IN, ROLES, SEES, Entry
from tests.access.owners import OWNERS, sees_organisation
from tests.world import USERS, World, build_world

HELPERS = {"matrix", "owners"}

# Routes that are not tenant data at all.
EXEMPT = {
    "set_language": "switches the interface language (public, no data)",
    "catalog_media": "product pictures from 1C, the same for everyone (tested in test_catalog_media)",
    "healthz": "liveness probe: answers «ok», no data (tested in portal/core/tests/test_health)",
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
        if module.name not in HELPERS:
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


# Routes whose arguments name something that belongs to no company (or to everybody).
NOT_OWNED = {
    "accounts:password_reset_confirm": "a signed link for one person, public",
    "accounts:invitation_accept": "a secret token, public",
    "catalog:product": "the catalog is published to every company",
    "catalog:pricing_promotion": "promotions are the factory's, for every dealer",
    "api:group-detail": "the catalog is published to every company",
    "api:product-detail": "the catalog is published to every company",
    "api:product-stock": "the catalog is published to every company",
    "api:product-price-explanation": "the catalog is published to every company",
    "configurator:detail": "product models are the factory's, for every company",
    "configurator:edit": "product models are the factory's",
    "api:configurator-quote": "product models are the factory's, for every company",
    "exchange:detail": "imports from 1C are the factory's",
    "cart:add": "a catalog offer in the caller's own cart",
    "cart:order": "the caller's own cart",
}


def _routes_with_arguments() -> set[str]:
    return {
        name
        for pattern, name in _patterns(get_resolver(), "")
        if pattern.pattern.regex.groups and name not in EXEMPT
    }


def test_every_object_url_has_owners():
    """An entry whose URL names something either runs for every owner or says why nobody
    owns it."""
    with_arguments = _routes_with_arguments()
    unsaid = {entry.route for entry in ENTRIES if entry.route in with_arguments and not entry.owned}
    assert sorted(unsaid - set(NOT_OWNED)) == [], "object URLs without the owner dimension"
    owned = {entry.route for entry in ENTRIES if entry.owned}
    assert sorted(owned & set(NOT_OWNED)) == [], "routes both owned and not"


def test_owner_rules_agree_with_the_entries():
    """For the object ``args`` builds, the owner rule gives the hand-written answers."""
    wrong = [
        f"{entry.method} {entry.route} as {role}: rule {entry.rule(role, entry.owner)}, "
        f"entry {entry.expected(role)}"
        for entry in ENTRIES
        if entry.is_owned
        for role in sorted(LOGGED_IN)
        if entry.rule(role, entry.owner) != entry.expected(role)
    ]
    assert wrong == []
    assert [
        entry.route for entry in ENTRIES if entry.is_owned and entry.owner not in entry.owners
    ] == []


def test_sees_agrees_with_the_visibility_rule():
    for owner in OWNERS:
        assert SEES[owner] == {role for role in LOGGED_IN if sees_organisation(role, owner)}


# --- The OpenAPI schema: every operation it describes is in the matrix. ---

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# API routes that are not operations of the v1 API (they describe it or list it).
NOT_OPERATIONS = {"api:api-root", "api:schema", "api:docs"}


def _schema_operations() -> set[tuple[str, str]]:
    """(route name, method) of every operation of the schema the project serves."""
    schema = APIClient().get("/api/schema/?format=json").json()
    operations = set()
    for path, item in schema["paths"].items():
        route = resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name
        operations |= {(route, method.upper()) for method in item if method in HTTP_METHODS}
    return operations


def _served_api_operations() -> set[tuple[str, str]]:
    """(route name, method) the API URLconf answers: a view set's actions, a view's handlers."""
    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "api")
    served = set()
    for pattern, name in _patterns(api, "api:"):
        if name in NOT_OPERATIONS:
            continue
        callback = pattern.callback
        view = getattr(callback, "cls", None) or callback.view_class
        methods = getattr(callback, "actions", None) or [
            m for m in HTTP_METHODS if hasattr(view, m)
        ]
        # DRF adds "head" to a view set's actions once a HEAD request reached it: GET's twin.
        served |= {(name, method.upper()) for method in methods if method in HTTP_METHODS}
    return served


def _patterns(resolver, prefix):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _patterns(pattern, namespace)
        else:
            yield pattern, f"{prefix}{pattern.name}"


@pytest.mark.django_db
def test_every_api_operation_is_classified():
    operations = _schema_operations()
    covered = {(entry.route, entry.method) for entry in ENTRIES}
    assert sorted(operations - covered) == [], "schema operations missing from the matrix"
    api_entries = {
        (entry.route, entry.method)
        for entry in ENTRIES
        if entry.route.startswith("api:") and entry.route not in NOT_OPERATIONS
    }
    assert sorted(api_entries - operations) == [], "matrix entries for undocumented operations"
    assert sorted(_served_api_operations() - operations) == [], "served but not in the schema"


def _fingerprint() -> dict:
    """Every row of every portal table except the audit log (a refusal may be audited).

    One query counts the rows of every table; only the tables that have rows are read.
    """
    models = [
        model
        for model in apps.get_models()
        if model.__module__.startswith("portal.") and model._meta.label != "audit.AuditEvent"
    ]
    quote = connection.ops.quote_name  # table names from the models, not from input
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        sizes = cursor.fetchone()
    return {
        model._meta.label: list(model.objects.order_by("pk").values()) if size else []
        for model, size in zip(models, sizes, strict=True)
    }


def _data(entry: Entry, world, owner: str | None = None) -> dict:
    if owner is not None and entry.owned_data:
        return entry.owned_data(world, owner)
    return entry.data(world) if entry.data else {}


def _send(client, entry: Entry, url: str, world, owner: str | None = None, data=None):
    data = _data(entry, world, owner) if data is None else data
    if entry.method == "GET":
        return client.get(url, data)
    if entry.content_type == "json":
        return client.generic(entry.method, url, json.dumps(data), content_type="application/json")
    return client.generic(
        entry.method, url, _form(data), content_type="application/x-www-form-urlencoded"
    )


def _form(data: dict) -> str:
    return urlencode(data, doseq=True)


def _cases():
    """Every entry × every role; an owned entry also for the objects of every other owner."""
    for entry in ENTRIES:
        name = f"{entry.method} {entry.route}"
        default = f" owner={entry.owner}" if entry.is_owned else ""
        for role in ROLES:
            yield pytest.param(
                entry, role, None, entry.expected(role), id=f"{name}{default} as {role}"
            )
        if not entry.is_owned:
            continue
        for owner in entry.owners:
            if owner != entry.owner:
                for role in ROLES:
                    expected = entry.expected_for(role, owner)
                    yield pytest.param(
                        entry, role, owner, expected, id=f"{name} owner={owner} as {role}"
                    )


CASES = list(_cases())


def _kwargs(entry: Entry, world, owner: str | None):
    if owner is not None and entry.owned:
        return entry.owned(world, owner)
    return entry.args(world) if entry.args else None


FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def signed_in(django_db_setup, django_db_blocker):
    """One world for the whole matrix and a session for each of its users, built once; every
    test runs in its own savepoint inside, so whatever it writes is rolled back."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER),
        transaction.atomic(),
    ):
        world = build_world()
        sessions = {}
        for name in USERS:
            client = world.client(name)
            sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield world, sessions
        transaction.set_rollback(True)


def _client(sessions: dict[str, str], role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


@pytest.mark.parametrize(("entry", "role", "owner", "expected"), CASES)
def test_access(signed_in, db, entry: Entry, role: str, owner: str | None, expected: str):
    world: World
    world, sessions = signed_in
    client = _client(sessions, role)
    url = reverse(entry.route, kwargs=_kwargs(entry, world, owner))
    is_api = entry.route.startswith("api")
    data = _data(entry, world, owner)  # before the fingerprint: building data may write
    before = _fingerprint() if entry.method != "GET" else None

    response = _send(client, entry, url, world, owner, data)
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
