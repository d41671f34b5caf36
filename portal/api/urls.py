"""The REST API: ``/api/v1/…``, its OpenAPI schema and the reference pages.

One area of the product is one module in ``portal/api/v1/``. A module exposes
``register(router)`` to add its view sets to the single v1 router, and/or a ``urlpatterns``
list for plain views (``auth``, ``me``). To add an area (catalog, orders, billing, …) write
``portal/api/v1/<area>.py`` and list it in ``AREAS``; its views derive from
``portal.api.base.ActorViewSet`` / ``ActorAPIView`` so they get ``self.actor``.

The schema and the Swagger UI reference are public: they describe the API, never data.
There is no Redoc page: Redoc injects inline styles, which our CSP refuses.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .v1 import (
    auth,
    billing,
    catalog,
    configurator,
    invitations,
    legal_entities,
    me,
    orders,
    organisations,
    users,
)

app_name = "api"

AREAS = [
    auth,
    me,
    organisations,
    legal_entities,
    users,
    invitations,
    catalog,
    configurator,
    orders,
    billing,
]


class Router(DefaultRouter):
    """The v1 router with its index page, without the ``.json`` twin of every URL."""

    include_format_suffixes = False


router = Router()
v1_urlpatterns = []
for area in AREAS:
    if hasattr(area, "register"):
        area.register(router)
    v1_urlpatterns += getattr(area, "urlpatterns", [])

urlpatterns = [
    path("v1/", include([*v1_urlpatterns, *router.urls])),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
