from django.urls import path

from ..views import audit as views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
]
