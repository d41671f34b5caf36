from django.urls import path

from ..views import profile as views

app_name = "profile"
urlpatterns = [
    path("", views.profile_edit, name="edit"),
    path("password/", views.PasswordChangeView.as_view(), name="password"),
]
