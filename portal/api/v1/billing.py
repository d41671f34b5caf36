"""Money: invoices (list, detail, PDF, issue for an order, cancel), payments (list, detail,
register), balances per legal entity and the statement of account for a period.

Sub-dealers are refused the lists (403) and never see an object (404). Every write goes
through ``portal.billing.services``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.billing import policies
from portal.billing.balances import balance_of, statement
from portal.billing.documents import invoice_filename, invoice_pdf
from portal.billing.models import Invoice, InvoiceSource, InvoiceStatus, Payment, PaymentSource
from portal.billing.selectors import (
    invoice_get_for,
    legal_entity_money_get_for,
    money_entities,
    payment_get_for,
)
from portal.billing.services.invoices import invoice_cancel, invoice_issue_for_order
from portal.billing.services.payments import ledger_adjust, payment_register
from portal.core.errors import PermissionDenied
from portal.organisations.models import LegalEntity

from ..base import ActorViewSet
from ..filters import IdFilter
from ..inputs import InputSerializer
from ..serializers import WRITE_ERRORS, DetailSerializer

NO_MONEY = "Счета, оплаты и расчёты дилера субдилерам не показываются."
MONEY = {"max_digits": 16, "decimal_places": 2, "read_only": True}


class BillingLegalEntitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    inn = serializers.CharField(read_only=True)


class InvoiceLineSerializer(serializers.Serializer):
    position = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3, read_only=True)
    price = serializers.DecimalField(**MONEY)
    vat_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True
    )
    vat_amount = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class InvoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    due_date = serializers.DateField(read_only=True)
    supplier = BillingLegalEntitySerializer(read_only=True)
    buyer = BillingLegalEntitySerializer(read_only=True)
    orders = serializers.SerializerMethodField()
    source = serializers.ChoiceField(choices=InvoiceSource.choices, read_only=True)
    status = serializers.ChoiceField(choices=InvoiceStatus.choices, read_only=True)
    vat_total = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    paid_amount = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)

    def get_orders(self, invoice) -> list[str]:
        return [order.number for order in invoice.orders.all()]


class InvoiceDetailSerializer(InvoiceSerializer):
    lines = InvoiceLineSerializer(many=True, read_only=True)


class InvoiceIssueSerializer(InputSerializer):
    order = serializers.IntegerField(help_text="Подтверждённый заказ, по которому выставить счёт.")
    due_date = serializers.DateField(required=False, help_text="По умолчанию — через 10 дней.")


class ReasonSerializer(InputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class InvoiceFilter(filters.FilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    legal_entity = IdFilter(field_name="buyer")
    status = filters.ChoiceFilter(choices=InvoiceStatus.choices)
    source = filters.ChoiceFilter(choices=InvoiceSource.choices)
    number = filters.CharFilter(field_name="number", lookup_expr="icontains")
    order = filters.CharFilter(field_name="orders__number", label="Номер заказа")


class MoneyListMixin:
    def list(self, request, *args, **kwargs):
        if not policies.can_see_money(self.actor):
            raise PermissionDenied(NO_MONEY)
        return super().list(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(summary="Счета на оплату, которые вы видите"),
    retrieve=extend_schema(summary="Счёт на оплату со строками", responses=InvoiceDetailSerializer),
)
class InvoiceViewSet(
    MoneyListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet
):
    queryset = Invoice.objects.none()
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter

    def visible(self, actor):
        return (
            Invoice.objects.visible_to(actor)
            .select_related("buyer", "supplier")
            .prefetch_related("orders")
            .order_by("-date", "-id")
        )

    def get_object(self):
        return invoice_get_for(self.actor, self.object_id)

    def retrieve(self, request, pk=None):
        return Response(InvoiceDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary="Выставить счёт по заказу",
        request=InvoiceIssueSerializer,
        responses={201: InvoiceDetailSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(InvoiceIssueSerializer)
        invoice = invoice_issue_for_order(
            actor=self.actor, order_id=data["order"], due_date=data.get("due_date")
        )
        return Response(InvoiceDetailSerializer(invoice).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Счёт в PDF (форма «Счёт на оплату»)",
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
            404: DetailSerializer,
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        invoice = self.get_object()
        response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{invoice_filename(invoice)}"'
        return response

    @extend_schema(
        summary="Отменить счёт",
        request=ReasonSerializer,
        responses={200: InvoiceDetailSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = self.validated(ReasonSerializer)
        invoice = invoice_cancel(
            actor=self.actor, invoice_id=self.object_id, reason=data.get("reason", "")
        )
        return Response(InvoiceDetailSerializer(invoice).data)


class AllocationSerializer(serializers.Serializer):
    invoice = serializers.IntegerField(source="invoice_id", read_only=True)
    amount = serializers.DecimalField(**MONEY)


class BillingPaymentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField(read_only=True)
    amount = serializers.DecimalField(**MONEY)
    number = serializers.CharField(read_only=True)
    payer = BillingLegalEntitySerializer(read_only=True)
    source = serializers.ChoiceField(choices=PaymentSource.choices, read_only=True)
    status = serializers.CharField(read_only=True)
    purpose = serializers.CharField(read_only=True)
    allocations = AllocationSerializer(many=True, read_only=True)


class PaymentRegisterSerializer(InputSerializer):
    payer = serializers.IntegerField(help_text="Юрлицо-плательщик.")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    date = serializers.DateField(required=False, help_text="По умолчанию — сегодня.")
    number = serializers.CharField(required=False, allow_blank=True)
    purpose = serializers.CharField(required=False, allow_blank=True)
    invoices = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Счета, которые оплатить в первую очередь; затем — самые старые.",
    )


class PaymentFilter(filters.FilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    legal_entity = IdFilter(field_name="payer")
    source = filters.ChoiceFilter(choices=PaymentSource.choices)
    number = filters.CharFilter(field_name="number", lookup_expr="icontains")


@extend_schema_view(
    list=extend_schema(summary="Оплаты, которые вы видите"),
    retrieve=extend_schema(summary="Оплата и её разнесение по счетам"),
)
class PaymentViewSet(
    MoneyListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet
):
    queryset = Payment.objects.none()
    serializer_class = BillingPaymentSerializer
    filterset_class = PaymentFilter

    def visible(self, actor):
        return (
            Payment.objects.visible_to(actor)
            .select_related("payer")
            .prefetch_related("allocations")
            .order_by("-date", "-id")
        )

    def get_object(self):
        return payment_get_for(self.actor, self.object_id)

    @extend_schema(
        summary="Внести оплату (бухгалтер завода)",
        request=PaymentRegisterSerializer,
        responses={201: BillingPaymentSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        data = self.validated(PaymentRegisterSerializer)
        payment = payment_register(
            actor=self.actor,
            payer_id=data["payer"],
            amount=data["amount"],
            on=data.get("date") or timezone.localdate(),
            number=data.get("number", ""),
            purpose=data.get("purpose", ""),
            invoice_ids=data.get("invoices", []),
        )
        return Response(BillingPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class BalanceSerializer(serializers.Serializer):
    legal_entity = BillingLegalEntitySerializer(read_only=True)
    on = serializers.DateField(read_only=True)
    balance = serializers.DecimalField(
        **MONEY, help_text="Больше нуля — долг, меньше нуля — аванс."
    )
    debt = serializers.DecimalField(**MONEY)
    overdue = serializers.DecimalField(**MONEY)
    advance = serializers.DecimalField(**MONEY)
    credit_limit = serializers.DecimalField(**MONEY, allow_null=True)
    credit_mode = serializers.CharField(read_only=True)
    credit_left = serializers.DecimalField(**MONEY, allow_null=True)


class StatementRowSerializer(serializers.Serializer):
    date = serializers.DateField(source="entry.date", read_only=True)
    kind = serializers.CharField(source="entry.kind", read_only=True)
    description = serializers.CharField(source="entry.description", read_only=True)
    invoice = serializers.IntegerField(source="entry.invoice_id", read_only=True, allow_null=True)
    payment = serializers.IntegerField(source="entry.payment_id", read_only=True, allow_null=True)
    debit = serializers.DecimalField(**MONEY)
    credit = serializers.DecimalField(**MONEY)
    balance = serializers.DecimalField(**MONEY)


class StatementSerializer(serializers.Serializer):
    legal_entity = BillingLegalEntitySerializer(read_only=True)
    date_from = serializers.DateField(read_only=True)
    date_to = serializers.DateField(read_only=True)
    opening = serializers.DecimalField(**MONEY)
    rows = StatementRowSerializer(many=True, read_only=True)
    debit_total = serializers.DecimalField(**MONEY)
    credit_total = serializers.DecimalField(**MONEY)
    closing = serializers.DecimalField(**MONEY)


class AdjustmentSerializer(InputSerializer):
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    on = serializers.DateField()
    reason = serializers.CharField(max_length=255)


class PeriodSerializer(InputSerializer):
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)


@extend_schema_view(
    list=extend_schema(summary="Расчёты по юрлицам: долг, просрочка, кредитный лимит"),
    retrieve=extend_schema(summary="Расчёты одного юрлица"),
)
class BalanceViewSet(
    MoneyListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet
):
    queryset = LegalEntity.objects.none()
    serializer_class = BalanceSerializer

    def visible(self, actor):
        return money_entities(actor).select_related("organisation").order_by("name", "pk")

    def get_object(self):
        return legal_entity_money_get_for(self.actor, self.object_id)

    def list(self, request, *args, **kwargs):
        if not policies.can_see_money(self.actor):
            raise PermissionDenied(NO_MONEY)
        page = self.paginate_queryset(self.get_queryset())
        rows = [balance_of(entity) for entity in (page if page is not None else [])]
        data = BalanceSerializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, pk=None):
        return Response(BalanceSerializer(balance_of(self.get_object())).data)

    @extend_schema(
        summary="Акт сверки за период",
        parameters=[
            OpenApiParameter(
                "date_from", OpenApiTypes.DATE, description="По умолчанию — 1-е число месяца."
            ),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="По умолчанию — сегодня."),
        ],
        responses={200: StatementSerializer, 404: DetailSerializer},
    )
    @action(detail=True, methods=["get"])
    def statement(self, request, pk=None):
        entity = self.get_object()
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        today = timezone.localdate()
        date_from = period.validated_data.get("date_from") or today.replace(day=1)
        date_to = period.validated_data.get("date_to") or today
        result = statement(entity, date_from=date_from, date_to=date_to)
        return Response(StatementSerializer(result).data)

    @extend_schema(
        summary="Корректировка расчётов (бухгалтер завода)",
        description="Плюс увеличивает долг, минус уменьшает; строка попадает в акт сверки.",
        request=AdjustmentSerializer,
        responses={200: BalanceSerializer, 400: DetailSerializer, 403: DetailSerializer},
    )
    @action(detail=True, methods=["post"], url_path="adjustments")
    def adjust(self, request, pk=None):
        entity = self.get_object()
        data = AdjustmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ledger_adjust(actor=self.actor, legal_entity_id=entity.pk, **data.validated_data)
        return Response(BalanceSerializer(balance_of(entity)).data)


def register(router) -> None:
    router.register("invoices", InvoiceViewSet, basename="invoice")
    router.register("payments", PaymentViewSet, basename="payment")
    router.register("balances", BalanceViewSet, basename="balance")
