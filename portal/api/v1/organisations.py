"""Organisations: the tree the actor sees; dealers and sub-dealers created, edited, blocked.

Every write goes through ``portal.organisations.services``; the serializers only read input.
Status changes only through ``block``/``unblock``; the parent only on creation.
"""

from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.core.errors import DomainError
from portal.organisations import services
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from portal.organisations.selectors import organisation_get_for

from ..base import ActorViewSet
from ..filters import IdFilter
from ..inputs import InputSerializer
from ..serializers import NOTHING_TO_CHANGE, WRITE_ERRORS, PersonBriefSerializer


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, read_only=True)
    name = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    region = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=OrganisationStatus.choices, read_only=True)
    manager = PersonBriefSerializer(read_only=True, allow_null=True)
    email = serializers.CharField(read_only=True, help_text="E-mail или пустая строка.")
    phone = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class OrganisationUpdateSerializer(InputSerializer):
    """Fields a PATCH may change; anything else in the body is ignored."""

    name = serializers.CharField(required=False)
    region = serializers.CharField(required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    manager = serializers.IntegerField(
        required=False, help_text="Менеджер завода (только для дилера; назначает админ завода)."
    )


class OrganisationCreateSerializer(OrganisationUpdateSerializer):
    kind = serializers.ChoiceField(
        choices=OrganisationKind.choices, help_text="dealer или subdealer."
    )
    name = serializers.CharField()
    parent = serializers.IntegerField(
        required=False, help_text="Вышестоящая организация; по умолчанию — ваша."
    )


class OrganisationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrganisationKind.choices)
    parent = IdFilter(field_name="parent")
    status = filters.ChoiceFilter(choices=OrganisationStatus.choices)
    search = filters.CharFilter(method="filter_search", label="Название, регион или начало ИНН")

    def filter_search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(region__icontains=value)
            | Q(legal_entities__inn__startswith=value)
        ).distinct()


@extend_schema_view(
    list=extend_schema(summary="Организации, которые вы видите"),
    retrieve=extend_schema(summary="Организация"),
)
class OrganisationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet):
    queryset = Organisation.objects.none()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter

    def visible(self, actor):
        return (
            Organisation.objects.visible_to(actor)
            .select_related("manager")
            .order_by("kind", "name")
        )

    def get_object(self):
        return organisation_get_for(self.actor, self.object_id)

    @extend_schema(
        summary="Создать дилера или субдилера",
        request=OrganisationCreateSerializer,
        responses={201: OrganisationSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(OrganisationCreateSerializer)
        organisation = services.organisation_create(
            actor=self.actor,
            kind=data["kind"],
            name=data["name"],
            parent_id=data.get("parent"),
            region=data.get("region", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            manager_id=data.get("manager"),
        )
        return Response(OrganisationSerializer(organisation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Изменить данные организации",
        request=OrganisationUpdateSerializer,
        responses={200: OrganisationSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        data = self.validated(OrganisationUpdateSerializer)
        if not data:
            raise DomainError(NOTHING_TO_CHANGE)
        manager_id = data.pop("manager", None)
        organisation = services.organisation_update(
            actor=self.actor, organisation_id=self.object_id, manager_id=manager_id, **data
        )
        return Response(OrganisationSerializer(organisation).data)

    @extend_schema(
        summary="Заблокировать организацию",
        request=None,
        responses={200: OrganisationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def block(self, request, pk=None):
        return self._set_blocked(blocked=True)

    @extend_schema(
        summary="Разблокировать организацию",
        request=None,
        responses={200: OrganisationSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def unblock(self, request, pk=None):
        return self._set_blocked(blocked=False)

    def _set_blocked(self, *, blocked: bool) -> Response:
        organisation = services.organisation_set_blocked(
            actor=self.actor, organisation_id=self.object_id, blocked=blocked
        )
        return Response(OrganisationSerializer(organisation).data)


def register(router) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")
