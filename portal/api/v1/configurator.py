"""Configurator: the product models and «validate and price» for a set of choices.

The answer is the same quote the configurator page shows: the visible parameters with their
resolved values, the rule violations in Russian, the breakdown the caller may see (a sub-dealer
gets it restated in its own price) and the caller's price from the one resolver, or, asked by
the factory's staff or a dealer, the price of a company they see.
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from portal.catalog.configurator.quotes import quote_for
from portal.catalog.configurator.selectors import (
    definition_of,
    product_model_get,
    product_model_list,
)
from portal.core.errors import PermissionDenied
from portal.organisations.selectors import organisation_get_for
from portal.pricing.visibility import may_explain_prices

from ..base import ActorAPIView
from ..inputs import InputSerializer
from ..serializers import DetailSerializer


class ProductModelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    description = serializers.CharField()


class ChoicesSerializer(InputSerializer):
    choices = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        help_text="Parameter code → value, as the configurator form sends them "
        '(e.g. {"width": "1300", "height": "1400", "sash_count": "2"}).',
    )
    organisation = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Price it for this dealer or sub-dealer instead of the caller's company "
        "(factory staff and dealers, for the companies they see; not for sub-dealers).",
    )


class QuoteFieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField(source="form_value")
    display = serializers.CharField()


class QuoteViolationSerializer(serializers.Serializer):
    parameter = serializers.CharField(source="parameter_code")
    message = serializers.CharField()


class QuoteLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class QuoteStepSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class QuotePriceSerializer(serializers.Serializer):
    available = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    vat_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    steps = QuoteStepSerializer(
        many=True, help_text="How the price was made, as far as the caller may see."
    )


class QuoteSerializer(serializers.Serializer):
    model = serializers.CharField()
    valid = serializers.BooleanField()
    fields = QuoteFieldSerializer(many=True)
    violations = QuoteViolationSerializer(many=True)
    breakdown = QuoteLineSerializer(many=True, allow_null=True)
    price = QuotePriceSerializer()
    svg = serializers.CharField()


class ProductModelList(ActorAPIView):
    @extend_schema(responses=ProductModelSerializer(many=True), operation_id="configurator_models")
    def get(self, request):
        return Response(ProductModelSerializer(product_model_list(), many=True).data)


class ProductModelQuote(ActorAPIView):
    @extend_schema(
        request=ChoicesSerializer,
        responses={200: QuoteSerializer, 403: DetailSerializer, 404: DetailSerializer},
        operation_id="configurator_quote",
        description="Validate a configuration and price it for the caller's company.",
        # The URL takes a slug only (``<slug:code>``): any other text is another address.
        parameters=[
            OpenApiParameter("code", str, "path", required=True, pattern=r"^[-a-zA-Z0-9_]+$")
        ],
    )
    def post(self, request, code: str):
        payload = ChoicesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        definition = definition_of(product_model_get(code))
        organisation = None
        if payload.validated_data.get("organisation"):
            if not may_explain_prices(self.actor):
                raise PermissionDenied("Расчёт цены субдилеру не показывается.")
            organisation = organisation_get_for(self.actor, payload.validated_data["organisation"])
        quote = quote_for(
            actor=self.actor,
            definition=definition,
            choices=payload.validated_data["choices"],
            organisation=organisation,
        )
        price = quote.price
        data = {
            "model": definition.code,
            "valid": quote.is_valid,
            "fields": quote.configuration.fields,
            "violations": quote.violations,
            "breakdown": quote.breakdown.lines if quote.breakdown else None,
            "price": {
                "available": price.available,
                "amount": price.amount,
                "vat_rate": price.vat_rate,
                "vat_amount": price.vat_amount,
                "currency": price.currency,
                "steps": price.steps,
            },
            "svg": quote.svg,
        }
        return Response(QuoteSerializer(data).data)


urlpatterns = [
    path("configurator/models/", ProductModelList.as_view(), name="configurator-models"),
    path(
        "configurator/models/<slug:code>/quote/",
        ProductModelQuote.as_view(),
        name="configurator-quote",
    ),
]
