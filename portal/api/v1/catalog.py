"""Catalog: groups, products with search, filters and the caller's own prices, stock by
warehouse, and «why this price» (not for sub-dealers).

Product lists page by ``page``/``page_size`` and answer ``next``/``previous`` without a total:
counting a 100,000-product catalog on every call is not worth it.
"""

from datetime import date

from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.catalog.models import Product, ProductGroup
from portal.catalog.selectors import (
    PropertyFilter,
    group_get_for,
    product_get_for,
    product_list,
    product_stock,
)
from portal.core.errors import PermissionDenied
from portal.organisations.models import Organisation
from portal.organisations.selectors import organisation_get_for
from portal.pricing.cards import OfferPrice, ProductCard, card_for, product_cards
from portal.pricing.resolver import PriceBook, PriceResult
from portal.pricing.visibility import may_explain_prices

from ..base import ActorViewSet
from ..inputs import InputSerializer
from ..serializers import DetailSerializer


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)


# The product list's serializers write their representation out instead of going field by
# field: a page of 50 products is ~1,500 values, and DRF's ``get_attribute`` and
# ``to_representation`` for each cost ~5 ms of the request on the CI machine. The declared
# fields still describe the answer (the OpenAPI schema) and format the decimals;
# ``api/tests/test_catalog_representation.py`` holds the written-out form to DRF's own.


class PriceSerializer(serializers.Serializer):
    """The caller's own price per unit with VAT; ``amount`` is null when there is none."""

    available = serializers.BooleanField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    vat_amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    currency = serializers.CharField()
    promoted = serializers.BooleanField()

    def to_representation(self, price: PriceResult) -> dict:
        return {
            "available": bool(price.available),
            "amount": _decimal(PriceSerializer, "amount", price.amount),
            "vat_rate": _decimal(PriceSerializer, "vat_rate", price.vat_rate),
            "vat_amount": _decimal(PriceSerializer, "vat_amount", price.vat_amount),
            "currency": str(price.currency),
            "promoted": bool(price.promoted),
        }


class OfferSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="offer.pk")
    name = serializers.CharField(source="offer.name")
    article = serializers.CharField(source="offer.article")
    price = PriceSerializer()

    def to_representation(self, item: OfferPrice) -> dict:
        offer = item.offer
        return {
            "id": int(offer.pk),
            "name": str(offer.name),
            "article": str(offer.article),
            "price": PRICE.to_representation(item.price),
        }


class ProductSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="product.pk")
    external_id = serializers.CharField(source="product.external_id")
    article = serializers.CharField(source="product.article")
    name = serializers.CharField(source="product.name")
    group = serializers.IntegerField(source="product.group_id", allow_null=True)
    unit = serializers.CharField(source="product.unit_name")
    vat_rate = serializers.DecimalField(
        source="product.vat_rate", max_digits=5, decimal_places=2, allow_null=True
    )
    is_active = serializers.BooleanField(source="product.is_active")
    is_new = serializers.BooleanField()
    is_promo = serializers.BooleanField()
    in_stock = serializers.BooleanField(source="product.has_stock")
    orderable = serializers.BooleanField()
    price = PriceSerializer(allow_null=True, help_text="Наименьшая из цен вариантов.")
    offers = OfferSerializer(many=True)

    def to_representation(self, card: ProductCard) -> dict:
        product = card.product
        return {
            "id": int(product.pk),
            "external_id": str(product.external_id),
            "article": str(product.article),
            "name": str(product.name),
            "group": None if product.group_id is None else int(product.group_id),
            "unit": str(product.unit_name),
            "vat_rate": _decimal(ProductSerializer, "vat_rate", product.vat_rate),
            "is_active": bool(product.is_active),
            "is_new": bool(card.is_new),
            "is_promo": bool(card.is_promo),
            "in_stock": bool(product.has_stock),
            "orderable": bool(card.orderable),
            "price": None if card.price is None else PRICE.to_representation(card.price),
            "offers": [OFFER.to_representation(item) for item in card.offers],
        }


PRICE, OFFER = PriceSerializer(), OfferSerializer()


def _decimal(serializer: type[serializers.Serializer], name: str, value):
    """A decimal as the declared field writes it (quantized, as text), None as null."""
    return None if value is None else serializer._declared_fields[name].to_representation(value)


@extend_schema_serializer(many=False)  # one page object, not a list of them
class ProductPageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = ProductSerializer(many=True)


PROPERTY_VALUE = r"^[0-9]+-(c[0-9]+|t.+)$"  # what catalog.selectors.PropertyFilter reads


class ProductQuerySerializer(InputSerializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)
    group = serializers.IntegerField(required=False, min_value=1)
    in_stock = serializers.BooleanField(required=False, default=False)
    property = serializers.ListField(
        child=serializers.RegexField(
            PROPERTY_VALUE,
            max_length=520,
            error_messages={
                "invalid": "Значение свойства записывается как «<id свойства>-c<id значения>» "
                "или «<id свойства>-t<текст>»."
            },
        ),
        required=False,
        help_text="Значение свойства: «<id свойства>-c<id значения>» или «<id свойства>-t<текст>».",
    )
    sort = serializers.ChoiceField(choices=["name", "price", "-price", "new"], default="name")
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=50)


class StockSerializer(serializers.Serializer):
    offer = serializers.IntegerField(source="offer_id")
    warehouse = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)


class StepSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)


class ExplanationQuerySerializer(InputSerializer):
    organisation = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Id дилера или субдилера, чью цену объяснить; по умолчанию ваша компания.",
    )
    on = serializers.DateField(required=False, help_text="На дату; по умолчанию сегодня.")


class ExplanationSerializer(serializers.Serializer):
    offer = serializers.IntegerField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    steps = StepSerializer(many=True)


@extend_schema_view(
    list=extend_schema(summary="Группы каталога"),
    retrieve=extend_schema(summary="Группа каталога"),
)
class GroupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet):
    queryset = ProductGroup.objects.none()
    serializer_class = GroupSerializer
    pagination_class = None

    def visible(self, actor):
        return ProductGroup.objects.visible_to(actor).order_by("path", "sort", "name")

    def get_object(self):
        return group_get_for(self.actor, self.object_id)


class ProductViewSet(ActorViewSet):
    queryset = Product.objects.none()
    serializer_class = ProductSerializer
    pagination_class = None  # the list pages by page/page_size itself (no total)
    filter_backends = []

    def visible(self, actor):
        return Product.objects.visible_to(actor)

    def _book(self) -> PriceBook:
        return PriceBook(organisation=self.actor.organisation, viewer=self.actor)

    @extend_schema(
        summary="Товары с вашими ценами: поиск, фильтры, сортировка",
        parameters=[ProductQuerySerializer],
        responses={200: ProductPageSerializer, 404: DetailSerializer},  # 404: the group
    )
    def list(self, request):
        query = ProductQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        filters = [PropertyFilter.parse(key) for key in request.query_params.getlist("property")]
        group = group_get_for(self.actor, params["group"]) if params.get("group") else None
        book = self._book()
        products, has_next = product_list(
            self.actor,
            price_type=book.price_type,
            group=group,
            search=params.get("search", "").strip(),
            filters=[item for item in filters if item is not None],
            in_stock=params["in_stock"],
            sort=params["sort"],
            page=params["page"],
            page_size=params["page_size"],
        )
        page = params["page"]
        return Response(
            {
                "next": self._page_url(page + 1) if has_next else None,
                "previous": self._page_url(page - 1) if page > 1 else None,
                "results": ProductSerializer(product_cards(book, products), many=True).data,
            }
        )

    def _page_url(self, page: int) -> str:
        query = self.request.query_params.copy()
        query["page"] = page
        return self.request.build_absolute_uri(f"{self.request.path}?{query.urlencode()}")

    def _card(
        self, organisation: Organisation | None = None, on: date | None = None
    ) -> ProductCard:
        product = product_get_for(self.actor, self.object_id)
        organisation = organisation or self.actor.organisation
        return card_for(self.actor, product, organisation=organisation, on=on)

    @extend_schema(summary="Товар с вашими ценами", responses={200: ProductSerializer})
    def retrieve(self, request, pk=None):
        return Response(ProductSerializer(self._card()).data)

    @extend_schema(summary="Остатки товара по складам", responses={200: StockSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def stock(self, request, pk=None):
        card = self._card()
        rows = product_stock([item.offer for item in card.offers])
        return Response(StockSerializer(rows, many=True).data)

    @extend_schema(
        summary="Почему такая цена (не для субдилеров)",
        description="Цена вашей компании на сегодня или, с параметрами, цена дилера или "
        "субдилера, которого вы видите, на любую дату: каждый шаг расчёта.",
        parameters=[ExplanationQuerySerializer],
        responses={
            200: ExplanationSerializer(many=True),
            403: DetailSerializer,
            404: DetailSerializer,
        },
    )
    @action(detail=True, methods=["get"], url_path="price-explanation")
    def price_explanation(self, request, pk=None):
        if not may_explain_prices(self.actor):
            raise PermissionDenied("Расчёт цены субдилеру не показывается.")
        query = ExplanationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        organisation = None
        if params.get("organisation"):
            organisation = organisation_get_for(self.actor, params["organisation"])
        card = self._card(organisation, params.get("on"))
        rows = [
            {"offer": item.offer.pk, "amount": item.price.amount, "steps": item.price.steps}
            for item in card.offers
        ]
        return Response(ExplanationSerializer(rows, many=True).data)


def register(router) -> None:
    router.register("groups", GroupViewSet, basename="group")
    router.register("products", ProductViewSet, basename="product")
