"""The OpenAPI schema and the Swagger UI reference (served from our own static files)."""

import re

import pytest
from django.urls import get_resolver
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

PATHS = {
    "/api/v1/auth/token/",
    "/api/v1/me/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/organisations/{id}/block/",
    "/api/v1/organisations/{id}/unblock/",
    "/api/v1/legal-entities/",
    "/api/v1/legal-entities/{id}/",
    "/api/v1/users/",
    "/api/v1/users/{id}/",
    "/api/v1/users/{id}/role/",
    "/api/v1/users/{id}/block/",
    "/api/v1/users/{id}/unblock/",
    "/api/v1/invitations/",
    "/api/v1/invitations/{id}/",
    "/api/v1/invitations/{id}/revoke/",
}


@pytest.mark.django_db
def test_schema_is_valid_openapi_with_every_path():
    response = APIClient().get("/api/schema/?format=json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


@pytest.mark.django_db
def test_schema_documents_only_the_writable_fields():
    components = APIClient().get("/api/schema/?format=json").json()["components"]["schemas"]
    organisation_create = set(components["OrganisationCreateRequest"]["properties"])
    assert organisation_create == {"kind", "name", "parent", "region", "email", "phone", "manager"}
    assert set(components["PatchedOrganisationUpdateRequest"]["properties"]) == {
        "name",
        "region",
        "email",
        "phone",
        "manager",
    }
    assert "token" not in components["Invitation"]["properties"]


@pytest.mark.django_db
def test_every_api_url_is_in_the_schema():
    """A new view that slips out of the schema (or a stray URL) fails here."""
    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/")
    v1 = next(p for p in api.url_patterns if str(p.pattern) == "v1/")
    routes = {"/api/v1/" + _openapi_path(str(p.pattern)) for p in v1.url_patterns}
    schema = APIClient().get("/api/schema/?format=json").json()
    assert routes - {"/api/v1/"} == set(schema["paths"])


def _openapi_path(pattern: str) -> str:
    """``^users/(?P<pk>[^/.]+)/$`` or ``users/<int:pk>/`` → ``users/{id}/``."""
    pattern = re.sub(
        r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", lambda m: f"{{{m[1] or m[2]}}}", pattern
    )
    return pattern.replace("{pk}", "{id}").lstrip("^").rstrip("$")


@pytest.mark.django_db
def test_docs_page_has_no_inline_script_or_style():
    page = APIClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "//cdn" not in html and "https://" not in html

    script = APIClient().get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.mark.browser
def test_docs_page_renders_in_chromium_without_csp_errors(live_server):
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(f"{live_server.url}/api/docs/")
        page.get_by_text("/api/v1/organisations/{id}/block/").click()
        page.get_by_text("Try it out").wait_for()
        tags = set(page.locator(".opblock-tag").all_inner_texts())
        browser.close()
    assert {"auth", "me", "organisations", "legal-entities", "users", "invitations"} <= tags
    assert problems == []
