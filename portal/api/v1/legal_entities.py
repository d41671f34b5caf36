"""Legal entities (юрлица) of the organisations the actor sees.

Requisites are checked by the domain (INN, KPP, OGRN, BIK, accounts): a wrong one answers 400
with a Russian message and the field, e.g. ``{"detail": "ИНН …", "field": "inn"}``.
"""

from django.db.models import Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response

from portal.core.errors import DomainError
from portal.organisations import services
from portal.organisations.models import LegalEntity
from portal.organisations.selectors import legal_entity_get_for

from ..base import ActorViewSet
from ..filters import BooleanFilter, IdFilter
from ..inputs import InputSerializer
from ..serializers import NOTHING_TO_CHANGE, WRITE_ERRORS, OrganisationBriefSerializer


class LegalEntitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    name = serializers.CharField(read_only=True)
    inn = serializers.CharField(read_only=True)
    kpp = serializers.CharField(read_only=True)
    ogrn = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    bank_name = serializers.CharField(read_only=True)
    bik = serializers.CharField(read_only=True)
    account = serializers.CharField(read_only=True)
    corr_account = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class LegalEntityUpdateSerializer(InputSerializer):
    """Lengths and formats are the domain's to check, so its messages name the requisite."""

    name = serializers.CharField(required=False)
    inn = serializers.CharField(required=False)
    kpp = serializers.CharField(required=False, allow_blank=True)
    ogrn = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    bank_name = serializers.CharField(required=False, allow_blank=True)
    bik = serializers.CharField(required=False, allow_blank=True)
    account = serializers.CharField(required=False, allow_blank=True)
    corr_account = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class LegalEntityCreateSerializer(LegalEntityUpdateSerializer):
    organisation = serializers.IntegerField(help_text="Организация, которой принадлежит юрлицо.")
    name = serializers.CharField()
    inn = serializers.CharField()


class LegalEntityFilter(filters.FilterSet):
    organisation = IdFilter(field_name="organisation")
    is_active = BooleanFilter()
    search = filters.CharFilter(method="filter_search", label="Наименование или начало ИНН")

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(inn__startswith=value))


@extend_schema_view(
    list=extend_schema(summary="Юрлица организаций, которые вы видите"),
    retrieve=extend_schema(summary="Юрлицо"),
)
class LegalEntityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet):
    queryset = LegalEntity.objects.none()
    serializer_class = LegalEntitySerializer
    filterset_class = LegalEntityFilter

    def visible(self, actor):
        return (
            LegalEntity.objects.visible_to(actor)
            .select_related("organisation")
            .order_by("organisation__name", "name", "pk")
        )

    def get_object(self):
        return legal_entity_get_for(self.actor, self.object_id)

    @extend_schema(
        summary="Добавить юрлицо организации",
        request=LegalEntityCreateSerializer,
        responses={201: LegalEntitySerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(LegalEntityCreateSerializer)
        organisation_id = data.pop("organisation")
        entity = services.legal_entity_create(
            actor=self.actor, organisation_id=organisation_id, **data
        )
        return Response(LegalEntitySerializer(entity).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Изменить юрлицо",
        request=LegalEntityUpdateSerializer,
        responses={200: LegalEntitySerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, pk=None):
        data = self.validated(LegalEntityUpdateSerializer)
        if not data:
            raise DomainError(NOTHING_TO_CHANGE)
        entity = services.legal_entity_update(
            actor=self.actor, legal_entity_id=self.object_id, **data
        )
        return Response(LegalEntitySerializer(entity).data)


def register(router) -> None:
    router.register("legal-entities", LegalEntityViewSet, basename="legal-entity")
