"""The cached site policy is the one django-csp would build; per-response changes still apply."""

from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from portal.core.csp import SitePolicyCSPMiddleware


def respond(response: HttpResponse, path: str = "/") -> HttpResponse:
    middleware = SitePolicyCSPMiddleware(lambda request: response)
    request = RequestFactory().get(path)
    middleware.process_request(request)
    return middleware.process_response(request, response)


def test_every_plain_response_gets_the_site_policy():
    header = respond(HttpResponse("ok"))["Content-Security-Policy"]
    assert header == build_policy()
    assert "frame-ancestors 'none'" in header and "'unsafe-inline'" not in header


def test_a_response_with_its_own_parts_goes_through_django_csp():
    response = HttpResponse("ok")
    response._csp_update = {"img-src": ["https://maps.example.ru"]}
    header = respond(response)["Content-Security-Policy"]
    assert "https://maps.example.ru" in header and header != build_policy()


def test_a_changed_setting_is_seen(settings):
    respond(HttpResponse("ok"))  # cached
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert respond(HttpResponse("ok"))["Content-Security-Policy"] == "default-src 'none'"


def test_excluded_prefixes_get_no_header(settings):
    settings.CONTENT_SECURITY_POLICY = {
        "EXCLUDE_URL_PREFIXES": ["/exchange/"],
        "DIRECTIVES": {"default-src": ["'self'"]},
    }
    assert "Content-Security-Policy" not in respond(HttpResponse("ok"), "/exchange/1c/")
