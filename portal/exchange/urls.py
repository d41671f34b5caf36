"""The 1C exchange endpoint, mounted at /exchange/1c/ (outside /api/ and the web pages)."""

from django.urls import path

from .http.views import exchange

app_name = "exchange_1c"
urlpatterns = [path("", exchange, name="endpoint")]
