from django.urls import path

from ..views import users as views

app_name = "users"
urlpatterns = [
    path("", views.user_list, name="list"),
    path("<int:pk>/role/", views.user_role, name="role"),
    path("<int:pk>/block/", views.user_block, {"active": False}, name="block"),
    path("<int:pk>/unblock/", views.user_block, {"active": True}, name="unblock"),
]
