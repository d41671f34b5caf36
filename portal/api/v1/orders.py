"""Orders: the list (the same filters and keyset paging as the web page, through
``portal.orders.listing``), the order, creating and editing it, the workflow's verbs, units,
comments with files, and the Excel import.

Every write goes through ``portal.orders.services``; the inputs name only what a client may
send. A stranger's order answers 404; a visible one the caller may not act on, 403; a version
that is no longer current, 409.
"""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from portal.core.errors import DomainError, PermissionDenied
from portal.orders import excel, listing, policies, services
from portal.orders.models import Order, OrderAttachment, OrderKind
from portal.orders.payments import PaymentState
from portal.orders.selectors import order_get_for, order_lines, order_units, unit_display_line
from portal.orders.workflow import OrderStatus

from ..base import ActorViewSet
from ..serializers import WRITE_ERRORS, ErrorSerializer
from . import order_serializers as s

CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="Заказ уже изменили.")}
ORDER_WRITE = {200: s.OrderSerializer, **WRITE_ERRORS, **CONFLICT}

LIST_PARAMETERS = [
    OpenApiParameter("q", str, description="Часть номера портала или номера в 1С."),
    OpenApiParameter(
        "date_from", OpenApiTypes.DATE, description="Дата с (отправки; черновики — создания)."
    ),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Дата по, включительно."),
    OpenApiParameter("dealer", int, description="Заказы дилера и его субдилеров."),
    OpenApiParameter("author", int),
    OpenApiParameter("legal_entity", int),
    OpenApiParameter("subdealer", int, description="Заказы субдилера и заказы для него."),
    OpenApiParameter("kind", str, enum=OrderKind.values),
    OpenApiParameter("status", str, many=True, enum=OrderStatus.values, explode=True),
    OpenApiParameter("payment", str, enum=PaymentState.values),
    OpenApiParameter("total_from", str, description="Сумма с НДС от, например 15000,50."),
    OpenApiParameter("total_to", str),
    OpenApiParameter("sort", str, enum=list(listing.SORTS), description="По умолчанию newest."),
    OpenApiParameter("after", str, description="Курсор next предыдущей страницы."),
    OpenApiParameter("limit", int, description=f"Строк на странице, 1–{listing.MAX_LIMIT}."),
]

UNIT_STEPS = {
    "ready": (services.units_mark_ready, "Отметить изделия готовыми"),
    "ship": (services.units_ship, "Отгрузить изделия (с номером документа)"),
    "receive": (services.units_receive, "Отметить изделия полученными"),
    "sell": (services.units_mark_sold, "Отметить изделия проданными"),
}


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ActorViewSet):
    queryset = Order.objects.none()
    serializer_class = s.OrderSerializer
    pagination_class = None
    filter_backends = []

    def visible(self, actor):
        return Order.objects.visible_to(actor)

    def order_data(self, order_or_id) -> dict:
        """The order as the caller sees it now (fetched again: the services saved it)."""
        pk = order_or_id.pk if isinstance(order_or_id, Order) else order_or_id
        order = order_get_for(self.actor, pk)
        context = {"actor": self.actor, "lines": list(order_lines(order))}
        return s.OrderSerializer(order, context=context).data

    def may_order(self) -> None:
        """Before reading the body: people who don't place orders get 403, not a 400 about
        their input (and a quick order's check or a file's preview isn't theirs either)."""
        if not policies.can_create_order(self.actor):
            raise PermissionDenied(
                "Заказы оформляют администраторы и сотрудники дилеров и субдилеров."
            )

    def input(self, serializer_class, **kwargs):
        form = serializer_class(data=self.request.data, **kwargs)
        form.is_valid(raise_exception=True)
        return form

    # ------------------------------------------------------------ list and one order

    @extend_schema(
        summary="Заказы, которые вы видите",
        parameters=LIST_PARAMETERS,
        responses={200: s.OrderPageSerializer, 400: ErrorSerializer},
    )
    def list(self, request):
        query = request.query_params
        filters = listing.OrderFilters.from_query(query)
        page = listing.order_list(
            self.actor,
            filters,
            sort=listing.parse_sort(query.get("sort")),
            after=query.get("after") or None,
            limit=listing.parse_limit(query.get("limit")),
        )
        return Response(s.OrderPageSerializer(page).data)

    @extend_schema(summary="Заказ: строки, итоги, статус, оплата", responses=s.OrderSerializer)
    def retrieve(self, request, pk=None):
        return Response(self.order_data(self.object_id))

    @extend_schema(
        summary="Новый пустой черновик",
        request=s.DetailsInput,
        responses={201: s.OrderSerializer, **WRITE_ERRORS},
    )
    def create(self, request):
        self.may_order()
        order = services.order_create(actor=self.actor, **self.input(s.DetailsInput).details())
        return Response(self.order_data(order), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Черновик из корзины (корзина очищается)",
        request=s.DetailsInput,
        responses={201: s.OrderSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="from-cart", url_name="from-cart")
    def from_cart(self, request):
        self.may_order()
        details = self.input(s.DetailsInput).details()
        order = services.order_create_from_cart(actor=self.actor, **details)
        return Response(self.order_data(order), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Быстрый заказ: строки «артикул количество»",
        description="Если есть ошибки и accept_valid не указан, заказ не создаётся: ответ 200 "
        "со списком ошибок (номер строки и причина).",
        request=s.QuickInput,
        responses={201: s.QuickResultSerializer, 200: s.QuickResultSerializer, **WRITE_ERRORS},
    )
    @action(detail=False, methods=["post"])
    def quick(self, request):
        self.may_order()
        form = self.input(s.QuickInput)
        data = form.validated_data
        result = services.order_create_quick(
            actor=self.actor,
            text=data["text"],
            accept_valid=data["accept_valid"],
            **{k: v for k, v in form.details().items() if k not in ("text", "accept_valid")},
        )
        body = {
            "order": self.order_data(result.order) if result.order else None,
            "errors": s.LineErrorSerializer(result.errors, many=True).data,
            "valid": len(result.valid),
        }
        created = result.order is not None
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="Копия заказа (цены пересчитаны, различия показаны)",
        request=None,
        responses={201: s.CopySerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        result = services.order_copy(actor=self.actor, order_id=self.object_id)
        body = {
            "order": self.order_data(result.order),
            "changes": s.PriceChangeSerializer(result.changes, many=True).data,
            "skipped": list(result.skipped),
        }
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Изменить шапку заказа", request=s.UpdateInput, responses=ORDER_WRITE)
    def partial_update(self, request, pk=None):
        data = dict(self.input(s.UpdateInput).validated_data)
        version = data.pop("version", None)
        renamed = {"legal_entity": "legal_entity_id", "for_subdealer": "for_subdealer_id"}
        fields = {renamed.get(key, key): value for key, value in data.items()}
        if not fields:
            raise DomainError("Нет изменений.")
        order = services.order_update_details(
            actor=self.actor, order_id=self.object_id, version=version, **fields
        )
        return Response(self.order_data(order))

    # ------------------------------------------------------------ lines

    @extend_schema(
        summary="Покупатель меняет строки, пока заказ можно менять",
        request=s.LinesInput,
        responses=ORDER_WRITE,
    )
    @action(detail=True, methods=["post"])
    def lines(self, request, pk=None):
        form = self.input(s.LinesInput)
        order = services.order_update_lines(
            actor=self.actor,
            order_id=self.object_id,
            changes=_changes(form),
            version=form.validated_data.get("version"),
        )
        return Response(self.order_data(order))

    @extend_schema(
        summary="Добавить товар или сохранённую конфигурацию",
        request=s.AddLineInput,
        responses=ORDER_WRITE,
    )
    @action(detail=True, methods=["post"], url_path="add-line", url_name="add-line")
    def add_line(self, request, pk=None):
        data = self.input(s.AddLineInput).validated_data
        order = services.order_add_line(
            actor=self.actor,
            order_id=self.object_id,
            offer_id=data.get("offer"),
            snapshot_id=data.get("snapshot"),
            quantity=data["quantity"],
            version=data.get("version"),
        )
        return Response(self.order_data(order))

    @extend_schema(
        summary="Продавец меняет строки (покупатель должен согласиться)",
        request=s.ChangeLinesInput,
        responses=ORDER_WRITE,
    )
    @action(detail=True, methods=["post"], url_path="change-lines", url_name="change-lines")
    def change_lines(self, request, pk=None):
        form = self.input(s.ChangeLinesInput)
        order = services.order_change_lines(
            actor=self.actor,
            order_id=self.object_id,
            changes=_changes(form),
            comment=form.validated_data.get("comment", ""),
            version=form.validated_data.get("version"),
        )
        return Response(self.order_data(order))

    # ------------------------------------------------------------ the workflow's verbs

    def _verb(self, service, serializer_class, **names) -> Response:
        """Call ``service`` with the version and the input fields renamed by ``names``."""
        data = self.input(serializer_class).validated_data
        arguments = {target: data.get(source, "") for target, source in names.items()}
        order = service(
            actor=self.actor, order_id=self.object_id, version=data.get("version"), **arguments
        )
        return Response(self.order_data(order))

    @extend_schema(summary="Отправить на модерацию", request=s.VersionInput, responses=ORDER_WRITE)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._verb(services.order_submit, s.VersionInput)

    @extend_schema(summary="Задать вопрос покупателю", request=s.TextInput, responses=ORDER_WRITE)
    @action(detail=True, methods=["post"])
    def ask(self, request, pk=None):
        return self._verb(services.order_ask_question, s.TextInput, text="text")

    @extend_schema(summary="Ответить на вопрос", request=s.TextInput, responses=ORDER_WRITE)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._verb(services.order_answer, s.TextInput, text="text")

    @extend_schema(
        summary="Принять изменения продавца", request=s.VersionInput, responses=ORDER_WRITE
    )
    @action(detail=True, methods=["post"], url_path="accept-changes", url_name="accept-changes")
    def accept_changes(self, request, pk=None):
        return self._verb(services.order_accept_changes, s.VersionInput)

    @extend_schema(summary="Подтвердить заказ", request=s.CommentInput, responses=ORDER_WRITE)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._verb(services.order_confirm, s.CommentInput, comment="comment")

    @extend_schema(
        summary="Отклонить заказ (с причиной)", request=s.ReasonInput, responses=ORDER_WRITE
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._verb(services.order_reject, s.ReasonInput, reason="reason")

    @extend_schema(summary="Отменить заказ", request=s.ReasonInput, responses=ORDER_WRITE)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._verb(services.order_cancel, s.ReasonInput, reason="reason")

    @extend_schema(summary="Передать в 1С", request=s.HandTo1CInput, responses=ORDER_WRITE)
    @action(detail=True, methods=["post"], url_path="hand-to-1c", url_name="hand-to-1c")
    def hand_to_1c(self, request, pk=None):
        return self._verb(
            services.order_hand_to_1c, s.HandTo1CInput, factory_number="factory_number"
        )

    @extend_schema(
        summary="Запустить в производство", request=s.VersionInput, responses=ORDER_WRITE
    )
    @action(detail=True, methods=["post"], url_path="start-production", url_name="start-production")
    def start_production(self, request, pk=None):
        return self._verb(services.order_start_production, s.VersionInput)

    # ------------------------------------------------------------ units

    @extend_schema(summary="Изделия заказа", responses=s.UnitSerializer(many=True))
    @action(detail=True, methods=["get"])
    def units(self, request, pk=None):
        return Response(self._units_data())

    def _units_data(self) -> list:
        """Each unit with the line of *this* order it belongs to: for a bundled sub-dealer
        order its own line, never the factory order's line with the factory's price."""
        order = order_get_for(self.actor, self.object_id)
        units = order_units(self.actor, order.pk)
        if not order.bundled_into_id:
            units = units.select_related("origin_line")
        units = list(units)
        lines = {unit.pk: unit_display_line(unit, order) for unit in units}
        return s.UnitSerializer(units, many=True, context={"lines": lines}).data

    def _unit_step(self, step: str) -> Response:
        service, _label = UNIT_STEPS[step]
        if step == "ship":
            data = self.input(s.ShipInput).validated_data
            extra = {"shipment_document": data["shipment_document"]}
        else:
            data, extra = self.input(s.UnitsInput).validated_data, {}
        service(actor=self.actor, order_id=self.object_id, unit_ids=data["units"], **extra)
        return Response(self._units_data())

    @extend_schema(
        summary=UNIT_STEPS["ready"][1],
        request=s.UnitsInput,
        responses={200: s.UnitSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="units/ready", url_name="units-ready")
    def units_ready(self, request, pk=None):
        return self._unit_step("ready")

    @extend_schema(
        summary=UNIT_STEPS["ship"][1],
        request=s.ShipInput,
        responses={200: s.UnitSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="units/ship", url_name="units-ship")
    def units_ship(self, request, pk=None):
        return self._unit_step("ship")

    @extend_schema(
        summary=UNIT_STEPS["receive"][1],
        request=s.UnitsInput,
        responses={200: s.UnitSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="units/receive", url_name="units-receive")
    def units_receive(self, request, pk=None):
        return self._unit_step("receive")

    @extend_schema(
        summary=UNIT_STEPS["sell"][1],
        request=s.UnitsInput,
        responses={200: s.UnitSerializer(many=True), **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="units/sell", url_name="units-sell")
    def units_sell(self, request, pk=None):
        return self._unit_step("sell")

    # ------------------------------------------------------------ comments

    @extend_schema(
        methods=["GET"], summary="Комментарии к заказу", responses=s.CommentSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        summary="Написать комментарий (с файлами)",
        request={"multipart/form-data": s.CommentCreateInput},
        responses={201: s.CommentSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def comments(self, request, pk=None):
        if request.method == "POST":
            data = self.input(s.CommentCreateInput).validated_data
            comment = services.order_comment_add(
                actor=self.actor, order_id=self.object_id, text=data["text"], files=data["files"]
            )
            comment = order_get_for(self.actor, self.object_id).comments.get(pk=comment.pk)
            return Response(s.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        order = order_get_for(self.actor, self.object_id)
        comments = order.comments.select_related("author").prefetch_related(
            Prefetch("attachments", queryset=OrderAttachment.objects.order_by("pk"))
        )
        return Response(s.CommentSerializer(comments, many=True).data)

    # ------------------------------------------------------------ Excel import

    @extend_schema(
        summary="Проверить Excel-бланк заказа (ничего не создаёт)",
        request={"multipart/form-data": s.ImportPreviewInput},
        responses={200: s.ImportPreviewSerializer, **WRITE_ERRORS},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import/preview",
        url_name="import-preview",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_preview(self, request):
        self.may_order()
        upload = self.input(s.ImportPreviewInput).validated_data["file"]
        if upload.size > excel.MAX_FILE_BYTES:
            raise DomainError(
                f"Файл больше {excel.MAX_FILE_BYTES // (1024 * 1024)} МБ.", field="file"
            )
        preview = excel.excel_import_preview(
            actor=self.actor, file_name=upload.name, data=upload.read()
        )
        return Response(s.ImportPreviewSerializer(preview).data)

    @extend_schema(
        summary="Создать черновик из годных строк проверенного файла",
        request=s.ImportAcceptInput,
        responses={201: s.ImportAcceptedSerializer, **WRITE_ERRORS, **CONFLICT},
    )
    @action(detail=False, methods=["post"], url_path="import/accept", url_name="import-accept")
    def import_accept(self, request):
        self.may_order()
        form = self.input(s.ImportAcceptInput)
        details = {k: v for k, v in form.details().items() if k != "token"}
        accepted = excel.excel_import_accept(
            actor=self.actor, preview_token_or_data=form.validated_data["token"], **details
        )
        body = {
            "order": self.order_data(accepted.order),
            "created": accepted.created,
            "refused": s.RefusedRowSerializer(accepted.refused, many=True).data,
        }
        code = status.HTTP_201_CREATED if accepted.created else status.HTTP_200_OK
        return Response(body, status=code)


def _changes(form) -> list[dict]:
    return [_change(item) for item in form.validated_data["changes"]]


def _change(item: dict) -> dict:
    return {
        "line_id": item.get("line"),
        "offer_id": item.get("offer"),
        "quantity": item.get("quantity"),
        "remove": item.get("remove", False),
        "unit_price": item.get("unit_price"),
        "discount_percent": item.get("discount_percent"),
    }


def register(router) -> None:
    router.register("orders", OrderViewSet, basename="order")
