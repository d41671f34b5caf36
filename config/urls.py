from django.urls import include, path

urlpatterns = [
    path("api/", include("portal.api.urls")),
    path("exchange/1c/", include("portal.exchange.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("portal.web.urls")),
]
