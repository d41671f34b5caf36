"""The buttons of the order page: one POST per workflow verb, line edits, comments, units.

Every form carries the order's version: a stale page gets a Russian message and the fresh
page. A business refusal shows the page again with the form and its error; acting as the wrong
side of the order is a 403 and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from portal.core.errors import DomainError
from portal.orders import policies, services
from portal.orders.models import OrderUnit
from portal.orders.selectors import order_get_for, order_lines

from ..access import actor_required, require
from ..forms_orders import CommentForm, LinesForm, SellerDetailsForm, UnitsForm
from .orders_detail import BY_NAME, detail_context, is_party_of

SERVICES = {
    "submit": services.order_submit,
    "accept_changes": services.order_accept_changes,
    "answer": services.order_answer,
    "confirm": services.order_confirm,
    "ask_question": services.order_ask_question,
    "hand_to_1c": services.order_hand_to_1c,
    "start_production": services.order_start_production,
    "reject": services.order_reject,
    "cancel": services.order_cancel,
}
# form field → the service's keyword
ARGUMENTS = {"comment": {"cancel": "reason"}}
DONE = {
    "submit": _("Заказ {number} отправлен на модерацию."),
    "accept_changes": _("Изменения приняты, заказ снова на модерации."),
    "answer": _("Ответ отправлен."),
    "confirm": _("Заказ подтверждён."),
    "ask_question": _("Вопрос отправлен покупателю."),
    "hand_to_1c": _("Заказ передан в 1С."),
    "start_production": _("Заказ запущен в производство."),
    "reject": _("Заказ отклонён."),
    "cancel": _("Заказ отменён."),
}
NOT_YOURS = "Это действие выполняет другая сторона заказа."


def _kwargs(action: str, cleaned: dict) -> dict:
    kwargs = {}
    for field, value in cleaned.items():
        kwargs[ARGUMENTS.get(field, {}).get(action, field)] = value
    return kwargs


def _refused(request, order, error: DomainError, form, key: str):
    """A stale version: the message and the fresh page. Any other refusal: the page again with
    the form and the message next to its field."""
    if error.code == "conflict" or form is None:
        messages.error(request, error.message)
        return redirect("orders:detail", order.pk)
    form.add_domain_error(error)
    return _page_with(request, order, key, form)


def _page_with(request, order, key: str, form):
    fresh = order_get_for(request.actor, order.pk)
    return render(
        request, "orders/order_detail.html", detail_context(request, fresh, **{key: form})
    )


@actor_required
@require_POST
def order_act(request, pk, action: str):
    actor = request.actor
    order = order_get_for(actor, pk)
    require(is_party_of(actor, order, action), NOT_YOURS)
    form = BY_NAME[action].form(request.POST, auto_id=f"{action}-%s")
    if not form.is_valid():
        if "version" in form.errors:
            messages.error(request, "Страница устарела. Обновите её и повторите действие.")
            return redirect("orders:detail", pk)
        return _page_with(request, order, action, form)
    try:
        done = SERVICES[action](actor=actor, order_id=pk, **_kwargs(action, form.cleaned_data))
    except DomainError as error:
        if error.code == "forbidden":
            raise
        has_fields = len(form.fields) > 1
        return _refused(request, order, error, form if has_fields else None, action)
    messages.success(request, DONE[action].format(number=done.number or ""))
    if getattr(done, "credit_warning", ""):  # set by order_submit for a «warn only» limit
        messages.warning(request, done.credit_warning)
    return redirect("orders:detail", pk)


@actor_required
@require_POST
def order_lines_update(request, pk, by_seller: bool):
    """The buyer edits quantities of an editable order; the seller changes lines during
    moderation and the buyer must accept."""
    actor = request.actor
    order = order_get_for(actor, pk)
    require(
        policies.is_moderator(actor, order) if by_seller else policies.is_buyer(actor, order),
        NOT_YOURS,
    )
    form = LinesForm(request.POST, lines=order_lines(order), may_set_price=by_seller)
    if not form.is_valid():
        return _refused(request, order, DomainError(_stale(form)), None, "lines")
    changes = form.changes()
    if not changes:
        messages.info(request, _("Изменений нет: строки остались как были."))
        return redirect("orders:detail", pk)
    try:
        if by_seller:
            services.order_change_lines(
                actor=actor,
                order_id=pk,
                changes=changes,
                comment=form.cleaned_data.get("comment", ""),
                version=form.cleaned_data["version"],
            )
        else:
            services.order_update_lines(
                actor=actor, order_id=pk, changes=changes, version=form.cleaned_data["version"]
            )
    except DomainError as error:
        if error.code == "forbidden":
            raise
        return _refused(request, order, error, form, "lines")
    if by_seller:
        messages.success(request, _("Строки изменены. Покупатель увидит изменения и ответит."))
    else:
        messages.success(request, _("Строки заказа сохранены."))
    return redirect("orders:detail", pk)


def _stale(form) -> str:
    if "version" in form.errors:
        return "Страница устарела. Обновите её и повторите действие."
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


@actor_required
@require_POST
def order_details_update(request, pk):
    """The seller's fields: planned delivery date, 1C number, notes."""
    actor = request.actor
    order = order_get_for(actor, pk)
    require(policies.is_moderator(actor, order), "Эти поля заполняет продавец.")
    form = SellerDetailsForm(request.POST, auto_id="details-%s")
    if not form.is_valid():
        return _page_with(request, order, "details", form)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        services.order_update_details(actor=actor, order_id=pk, version=version, **data)
    except DomainError as error:
        if error.code == "forbidden":
            raise
        return _refused(request, order, error, form, "details")
    messages.success(request, _("Данные заказа сохранены."))
    return redirect("orders:detail", pk)


@actor_required
@require_POST
def order_comment(request, pk):
    actor = request.actor
    order = order_get_for(actor, pk)
    require(
        policies.can_comment_order(actor, order),
        "Комментировать заказ могут покупатель и продавец.",
    )
    form = CommentForm(request.POST, request.FILES, auto_id="comment-%s")
    if form.is_valid() and form.attempt(
        services.order_comment_add,
        actor=actor,
        order_id=pk,
        text=form.cleaned_data["text"],
        files=form.cleaned_data["files"],
    ):
        messages.success(request, _("Комментарий добавлен."))
        return redirect(f"{order_url(pk)}#comments")
    return _page_with(request, order, "comment", form)


def order_url(pk: int) -> str:
    return reverse("orders:detail", args=[pk])


@actor_required
@require_POST
def units_move(request, pk):
    """Several units of this order one step further (ready, shipped, received, sold)."""
    actor = request.actor
    order = order_get_for(actor, pk)
    require(is_party_of(actor, order, "units"), NOT_YOURS)
    unit_ids = [row.pk for row in _own_units(order)]
    form = UnitsForm(request.POST, unit_ids=unit_ids, auto_id="units-%s")
    if not form.is_valid():
        return _page_with(request, order, "units", form)
    step = form.cleaned_data["step"]
    require(policies.can_move_units(actor, order, step), NOT_YOURS)
    kwargs = {"actor": actor, "order_id": pk, "unit_ids": form.cleaned_data["unit"]}
    try:
        if step == "ship":
            moved = services.units_ship(
                **kwargs, shipment_document=form.cleaned_data["shipment_document"]
            )
        else:
            moved = UNIT_SERVICES[step](**kwargs)
    except DomainError as error:
        if error.code == "forbidden":
            raise
        return _refused(request, order, error, form, "units")
    messages.success(request, f"{UNITS_DONE[step]}: {len(moved)}.")
    return redirect(f"{order_url(pk)}#units")


UNITS_DONE = {
    "ready": _("Отмечено готовыми изделий"),
    "ship": _("Отгружено изделий"),
    "receive": _("Отмечено полученными изделий"),
    "sell": _("Отмечено проданными изделий"),
}
UNIT_SERVICES = {
    "ready": services.units_mark_ready,
    "receive": services.units_receive,
    "sell": services.units_mark_sold,
}


def _own_units(order):
    """Units produced for this very order (bundled sub-dealer orders move with the dealer's)."""
    return OrderUnit.objects.filter(line__order=order).only("pk")
