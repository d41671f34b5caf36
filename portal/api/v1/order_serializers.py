"""Serializers of the orders API: read-only shapes of the domain's objects, and input-only
forms that name exactly the fields a client may send (never buyer, seller, status, prices of
its own order or the number: those come from the services)."""

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from portal.orders import policies, workflow
from portal.orders.models import OrderKind
from portal.orders.payments import PaymentState, payment_status
from portal.orders.workflow import OrderStatus, UnitStatus

from ..inputs import InputSerializer
from ..serializers import OrganisationBriefSerializer, PersonBriefSerializer

MONEY = {"max_digits": 16, "decimal_places": 2}
QUANTITY = {"max_digits": 14, "decimal_places": 3}
VERSION_HELP = "Версия заказа, которую вы видели: если заказ уже изменили, ответ 409."


# ---------------------------------------------------------------- reading


class OrderRowSerializer(serializers.Serializer):
    """One row of the list (``portal.orders.listing.OrderRow``)."""

    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    factory_number = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrderKind.choices)
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_label = serializers.CharField()
    date = serializers.DateTimeField(help_text="Отправлен (для черновика — создан).")
    buyer = serializers.SerializerMethodField()
    legal_entity = serializers.CharField(source="legal_entity_name")
    subdealer = serializers.CharField(source="subdealer_name")
    author = serializers.CharField(source="author_name")
    total = serializers.DecimalField(**MONEY)
    payment_state = serializers.ChoiceField(choices=PaymentState.choices)
    payment_remaining = serializers.DecimalField(source="remaining", **MONEY)
    desired_delivery_date = serializers.DateField(allow_null=True)
    planned_delivery_date = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()

    @extend_schema_field({"type": "object", "properties": {"id": {}, "name": {}}})
    def get_buyer(self, row) -> dict:
        return {"id": row.buyer_id, "name": row.buyer_name}


@extend_schema_serializer(many=False)  # one page object, not a list of them
class OrderPageSerializer(serializers.Serializer):
    results = OrderRowSerializer(many=True, source="rows")
    next = serializers.CharField(
        source="next_cursor",
        allow_null=True,
        help_text="Передайте в параметре after, чтобы получить следующую страницу.",
    )
    count = serializers.IntegerField(
        allow_null=True, help_text="Точно до 1000; больше 1000 — 1001 (count_label «более 1000»)."
    )
    count_label = serializers.CharField()


class LegalEntityBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    offer = serializers.IntegerField(source="offer_id", allow_null=True)
    name = serializers.CharField()
    article = serializers.CharField()
    unit = serializers.CharField()
    quantity = serializers.DecimalField(**QUANTITY)
    unit_price = serializers.DecimalField(**MONEY)
    discount_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    vat_amount = serializers.DecimalField(**MONEY)
    line_total = serializers.DecimalField(**MONEY)
    configuration = serializers.JSONField(allow_null=True)


class PaymentSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=PaymentState.choices)
    label = serializers.CharField()
    paid = serializers.DecimalField(**MONEY)
    remaining = serializers.DecimalField(**MONEY)


class OrderSerializer(serializers.Serializer):
    """The order with its lines, totals, payment state and what the caller may do now."""

    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    factory_number = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrderKind.choices)
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    buyer = OrganisationBriefSerializer()
    seller = OrganisationBriefSerializer()
    legal_entity = LegalEntityBriefSerializer()
    author = PersonBriefSerializer()
    for_subdealer = OrganisationBriefSerializer(allow_null=True)
    desired_delivery_date = serializers.DateField(allow_null=True)
    planned_delivery_date = serializers.DateField(allow_null=True)
    colour = serializers.CharField()
    buyer_notes = serializers.CharField()
    manager_notes = serializers.CharField()
    rejection_reason = serializers.CharField()
    subtotal = serializers.DecimalField(**MONEY)
    vat_total = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    payment = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField()

    @extend_schema_field(PaymentSerializer)
    def get_payment(self, order) -> dict:
        status = payment_status(order)
        return PaymentSerializer(
            {
                "state": status.state,
                "label": status.label,
                "paid": status.paid,
                "remaining": status.remaining,
            }
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, order) -> list[str]:
        """Workflow verbs the caller may take now (``edit``, ``submit``, ``confirm``, …)."""
        actor = self.context["actor"]
        return [
            item.action
            for item in workflow.TRANSITIONS
            if item.party != workflow.Party.SYSTEM and policies.can_act(actor, order, item.action)
        ]

    @extend_schema_field(OrderLineSerializer(many=True))
    def get_lines(self, order) -> list:
        return OrderLineSerializer(self.context["lines"], many=True).data


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    quantity = serializers.DecimalField(**QUANTITY)
    status = serializers.ChoiceField(choices=UnitStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    shipment_document = serializers.CharField()
    line = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(
        {"type": "object", "properties": {"id": {}, "position": {}, "name": {}, "article": {}}}
    )
    def get_line(self, unit) -> dict:
        line = self.context["lines"][unit.pk]
        return {
            "id": line.pk,
            "position": line.position,
            "name": line.name,
            "article": line.article,
        }


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = PersonBriefSerializer()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = AttachmentSerializer(many=True)


class PriceChangeSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    name = serializers.CharField()
    article = serializers.CharField()
    old_price = serializers.DecimalField(**MONEY)
    new_price = serializers.DecimalField(**MONEY)


class CopySerializer(serializers.Serializer):
    order = OrderSerializer()
    changes = PriceChangeSerializer(many=True)
    skipped = serializers.ListField(child=serializers.CharField())


class LineErrorSerializer(serializers.Serializer):
    line_number = serializers.IntegerField(help_text="Номер строки во вставленном тексте.")
    text = serializers.CharField()
    reason = serializers.CharField()


class QuickResultSerializer(serializers.Serializer):
    order = OrderSerializer(allow_null=True, help_text="null: заказ не создан.")
    errors = LineErrorSerializer(many=True)
    valid = serializers.IntegerField(help_text="Сколько строк можно заказать.")


class ImportLineSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Номер строки в Excel.")
    name = serializers.CharField(source="item.name")
    article = serializers.CharField(source="item.article")
    quantity = serializers.DecimalField(**QUANTITY)
    unit_price = serializers.DecimalField(source="item.unit_price", **MONEY)
    line_total = serializers.DecimalField(**MONEY)


class RefusedRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Номер строки в Excel.")
    text = serializers.CharField()
    reason = serializers.CharField()


class ImportPreviewSerializer(serializers.Serializer):
    file_name = serializers.CharField()
    sheet = serializers.CharField()
    header_row = serializers.IntegerField()
    lines = ImportLineSerializer(many=True)
    refused = RefusedRowSerializer(many=True)
    total = serializers.DecimalField(**MONEY)
    vat_total = serializers.DecimalField(**MONEY)
    can_accept = serializers.BooleanField()
    token = serializers.CharField(help_text="Передайте в …/import/accept/, чтобы создать заказ.")


class ImportAcceptedSerializer(serializers.Serializer):
    order = OrderSerializer()
    created = serializers.BooleanField(help_text="false: этот файл уже приняли, это тот заказ.")
    refused = RefusedRowSerializer(many=True)


# ---------------------------------------------------------------- input


class VersionInput(InputSerializer):
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


class DetailsInput(InputSerializer):
    """Header fields of a new draft (the buyer is the caller's company, the seller its parent)."""

    kind = serializers.ChoiceField(choices=OrderKind.choices, required=False)
    legal_entity = serializers.IntegerField(required=False, help_text="По умолчанию — первое.")
    for_subdealer = serializers.IntegerField(required=False, allow_null=True)
    desired_delivery_date = serializers.DateField(required=False, allow_null=True)
    colour = serializers.CharField(required=False, allow_blank=True, max_length=120)
    buyer_notes = serializers.CharField(required=False, allow_blank=True)

    def details(self) -> dict:
        data = dict(self.validated_data)
        renamed = {"legal_entity": "legal_entity_id", "for_subdealer": "for_subdealer_id"}
        return {renamed.get(key, key): value for key, value in data.items() if key in self.fields}


class QuickInput(DetailsInput):
    text = serializers.CharField(help_text="Строки «артикул количество».")
    accept_valid = serializers.BooleanField(
        required=False, default=False, help_text="Создать заказ из годных строк, если есть ошибки."
    )


class UpdateInput(VersionInput):
    """Buyer's fields while the order may be edited; seller's fields (planned date, notes,
    1C number) for the seller while the order is open."""

    kind = serializers.ChoiceField(choices=OrderKind.choices, required=False)
    legal_entity = serializers.IntegerField(required=False)
    for_subdealer = serializers.IntegerField(required=False, allow_null=True)
    desired_delivery_date = serializers.DateField(required=False, allow_null=True)
    colour = serializers.CharField(required=False, allow_blank=True, max_length=120)
    buyer_notes = serializers.CharField(required=False, allow_blank=True)
    planned_delivery_date = serializers.DateField(required=False, allow_null=True)
    manager_notes = serializers.CharField(required=False, allow_blank=True)
    factory_number = serializers.CharField(required=False, allow_blank=True, max_length=64)


class LineChangeInput(InputSerializer):
    line = serializers.IntegerField(required=False, help_text="Строка заказа; без неё — новая.")
    offer = serializers.IntegerField(required=False, help_text="Товар новой строки.")
    quantity = serializers.CharField(required=False)
    remove = serializers.BooleanField(required=False, default=False)
    unit_price = serializers.CharField(required=False, help_text="Только продавец.")
    discount_percent = serializers.CharField(required=False, help_text="Только продавец.")


class LinesInput(VersionInput):
    changes = LineChangeInput(many=True)


class ChangeLinesInput(LinesInput):
    comment = serializers.CharField(required=False, allow_blank=True)


class AddLineInput(VersionInput):
    offer = serializers.IntegerField(required=False)
    snapshot = serializers.IntegerField(required=False, help_text="Сохранённая конфигурация.")
    quantity = serializers.CharField(required=False, default="1")


class TextInput(VersionInput):
    text = serializers.CharField(allow_blank=True)


class CommentInput(VersionInput):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(VersionInput):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class HandTo1CInput(VersionInput):
    factory_number = serializers.CharField(required=False, allow_blank=True, default="")


class UnitsInput(InputSerializer):
    units = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)


class ShipInput(UnitsInput):
    shipment_document = serializers.CharField(allow_blank=True)


class CommentCreateInput(InputSerializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ImportPreviewInput(InputSerializer):
    file = serializers.FileField(help_text=".xlsx или .xls")


class ImportAcceptInput(DetailsInput):
    token = serializers.CharField(help_text="token из ответа …/import/preview/.")
