from django.urls import include, path

from portal.core.health import healthz
from portal.web.views.media import catalog_picture

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("portal.api.urls")),
    path("exchange/1c/", include("portal.exchange.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/catalog/<path:path>", catalog_picture, name="catalog_media"),
    path("", include("portal.web.urls")),
]

handler404 = "portal.api.errors.page_not_found"
