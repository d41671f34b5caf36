"""The HTML interface. Each area keeps its routes in its own module under its own namespace."""

from django.urls import include, path

urlpatterns = [
    path("", include("portal.web.urls.home")),
    path("", include("portal.web.urls.accounts")),
    path("organisations/", include("portal.web.urls.organisations")),
    path("users/", include("portal.web.urls.users")),
    path("audit/", include("portal.web.urls.audit")),
    path("profile/", include("portal.web.urls.profile")),
    path("catalog/", include("portal.web.urls.catalog")),
    path("configurator/", include("portal.web.urls.configurator")),
    path("exchange/", include("portal.web.urls.exchange")),
    path("orders/", include("portal.web.urls.orders")),
    path("cart/", include("portal.web.urls.cart")),
    path("billing/", include("portal.web.urls.billing")),
    path("notifications/", include("portal.web.urls.notifications")),
]
