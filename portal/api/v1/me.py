"""``GET /api/v1/me/``: who the token or session acts as."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from portal.organisations.roles import Role, role_label

from ..base import ActorAPIView
from ..serializers import OrganisationBriefSerializer


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user.pk")
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    role = serializers.ChoiceField(choices=Role.choices)
    role_label = serializers.SerializerMethodField()
    organisation = OrganisationBriefSerializer()

    def get_role_label(self, actor) -> str:
        return role_label(actor.kind, actor.role)


class MeView(ActorAPIView):
    @extend_schema(summary="Текущий пользователь", responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(self.actor).data)


urlpatterns = [path("me/", MeView.as_view(), name="me")]
