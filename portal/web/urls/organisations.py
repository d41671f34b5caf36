from django.urls import path

from ..views import organisations as views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list_view, name="list"),
    path("new/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/new/", views.organisation_create, name="create_child"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/block/", views.organisation_block, {"blocked": True}, name="block"),
    path("<int:pk>/unblock/", views.organisation_block, {"blocked": False}, name="unblock"),
    path("<int:pk>/legal-entities/new/", views.legal_entity_create, name="legal_entity_create"),
    path("legal-entities/<int:pk>/edit/", views.legal_entity_edit, name="legal_entity_edit"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
]
