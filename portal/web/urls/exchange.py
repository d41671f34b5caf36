from django.urls import path

from ..views import exchange as views

app_name = "exchange"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("sessions/", views.session_list, name="sessions"),
]
