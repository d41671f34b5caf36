"""People of the organisations the actor sees: roles and blocking.

Accounts are created by invitation only (see ``invitations``); a role changes only through
``POST /users/{id}/role/`` and ``is_active`` only through ``block``/``unblock``.
"""

from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.accounts import services
from portal.accounts.models import User
from portal.organisations.roles import Role, role_label

from ..base import ActorViewSet
from ..filters import BooleanFilter, IdFilter
from ..inputs import InputSerializer
from ..serializers import WRITE_ERRORS, OrganisationBriefSerializer


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    position = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    role_label = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    date_joined = serializers.DateTimeField(read_only=True)

    def get_role_label(self, user) -> str:
        return role_label(user.organisation.kind, user.role)


class RoleChangeSerializer(InputSerializer):
    role = serializers.ChoiceField(choices=Role.choices)


class UserFilter(filters.FilterSet):
    organisation = IdFilter(field_name="organisation")
    role = filters.ChoiceFilter(choices=Role.choices)
    is_active = BooleanFilter()
    search = filters.CharFilter(method="filter_search", label="Имя или e-mail")

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(full_name__icontains=value) | Q(email__icontains=value))


@extend_schema_view(
    list=extend_schema(summary="Пользователи, которых вы видите"),
    retrieve=extend_schema(summary="Пользователь"),
)
class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet):
    queryset = User.objects.none()
    serializer_class = UserSerializer
    filterset_class = UserFilter

    def visible(self, actor):
        return (
            User.objects.visible_to(actor)
            .select_related("organisation")
            .order_by("organisation__name", "full_name", "pk")
        )

    def get_object(self):
        return services.user_get_for(self.actor, self.object_id)

    @extend_schema(
        summary="Сменить роль пользователя",
        request=RoleChangeSerializer,
        responses={200: UserSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def role(self, request, pk=None):
        data = self.validated(RoleChangeSerializer)
        user = services.user_change_role(
            actor=self.actor, user_id=self.object_id, role=data["role"]
        )
        return Response(UserSerializer(user).data)

    @extend_schema(
        summary="Заблокировать пользователя",
        request=None,
        responses={200: UserSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def block(self, request, pk=None):
        return self._set_active(active=False)

    @extend_schema(
        summary="Разблокировать пользователя",
        request=None,
        responses={200: UserSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def unblock(self, request, pk=None):
        return self._set_active(active=True)

    def _set_active(self, *, active: bool) -> Response:
        user = services.user_set_active(actor=self.actor, user_id=self.object_id, active=active)
        return Response(UserSerializer(user).data)


def register(router) -> None:
    router.register("users", UserViewSet, basename="user")
