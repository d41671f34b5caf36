from django.urls import path

from ..views import configurator as views

app_name = "configurator"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("saved/", views.snapshot_list, name="snapshots"),
    path("saved/<int:pk>/", views.snapshot_detail, name="snapshot"),
    path("<slug:code>/", views.model_detail, name="detail"),
    path("<slug:code>/edit/", views.model_edit, name="edit"),
]
