"""Small read-only serializers shared by several areas, and the error bodies for the schema."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from portal.organisations.models import OrganisationKind

NOTHING_TO_CHANGE = "Нет изменений."


class OrganisationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, read_only=True)


class PersonBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class ErrorSerializer(serializers.Serializer):
    """400 of a business rule: the Russian message and the field at fault (or null)."""

    detail = serializers.CharField()
    field = serializers.CharField(allow_null=True)


class DetailSerializer(serializers.Serializer):
    """401 / 403 / 404: the Russian message."""

    detail = serializers.CharField()


WRITE_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Отказ по правилам портала."),
    403: OpenApiResponse(DetailSerializer, description="Недостаточно прав."),
    404: OpenApiResponse(DetailSerializer, description="Не найдено."),
}
