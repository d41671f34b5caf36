"""Invitations into the organisations the actor manages.

The one-time token travels only in the e-mail; no answer of the API ever contains it.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.accounts import services
from portal.accounts.models import Invitation
from portal.organisations.roles import Role, role_label

from ..base import ActorViewSet
from ..filters import IdFilter
from ..inputs import InputSerializer
from ..serializers import WRITE_ERRORS, OrganisationBriefSerializer, PersonBriefSerializer

STATES = [
    ("pending", "Ожидает ответа"),
    ("accepted", "Принято"),
    ("revoked", "Отозвано"),
    ("expired", "Истекло"),
]


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    role_label = serializers.SerializerMethodField()
    state = serializers.ChoiceField(choices=STATES, read_only=True)
    invited_by = PersonBriefSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    accepted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_role_label(self, invitation) -> str:
        return role_label(invitation.organisation.kind, invitation.role)


class InvitationCreateSerializer(InputSerializer):
    organisation = serializers.IntegerField(help_text="Организация, куда приглашаете.")
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=150)


class InvitationFilter(filters.FilterSet):
    organisation = IdFilter(field_name="organisation")


@extend_schema_view(
    list=extend_schema(summary="Приглашения в организации, которыми вы управляете"),
    retrieve=extend_schema(summary="Приглашение"),
)
class InvitationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet):
    queryset = Invitation.objects.none()
    serializer_class = InvitationSerializer
    filterset_class = InvitationFilter

    def visible(self, actor):
        return Invitation.objects.visible_to(actor).select_related("organisation", "invited_by")

    def get_object(self):
        return services.invitation_get_for(self.actor, self.object_id)

    @extend_schema(
        summary="Пригласить пользователя",
        description="Ссылка-приглашение уходит на e-mail; в ответе её нет.",
        request=InvitationCreateSerializer,
        responses={201: InvitationSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(InvitationCreateSerializer)
        invitation, _token = services.invitation_send(
            actor=self.actor,
            organisation_id=data["organisation"],
            email=data["email"],
            role=data["role"],
            full_name=data.get("full_name", ""),
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Отозвать приглашение",
        request=None,
        responses={200: InvitationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        invitation = services.invitation_revoke(actor=self.actor, invitation_id=self.object_id)
        return Response(InvitationSerializer(invitation).data)


def register(router) -> None:
    router.register("invitations", InvitationViewSet, basename="invitation")
