"""The order page: header, lines, totals, units, timeline, comments and the buttons the person
may press right now. The action views re-render it with their bound form after a refusal."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from portal.billing.selectors import order_awaits_invoice
from portal.orders import policies, workflow
from portal.orders.lines import describe
from portal.orders.models import EventKind, OrderAttachment
from portal.orders.payments import payment_status
from portal.orders.selectors import (
    order_events,
    order_get_for,
    order_lines,
    order_units,
    unit_display_line,
)
from portal.orders.workflow import OrderStatus, Party

from ..access import actor_required
from ..forms_orders import (
    CommentForm,
    CommentOptionalForm,
    HandTo1CForm,
    LinesForm,
    RejectForm,
    SellerDetailsForm,
    TextForm,
    UnitsForm,
    VersionedForm,
)


@dataclass(frozen=True)
class Action:
    """A workflow verb as a button on the order page."""

    name: str
    label: str
    form: type
    style: str = "button"
    confirm: str = ""  # a question asked before a destructive action
    with_panel: bool = False  # the form has fields: it opens in a panel under the button


ACTIONS = (
    Action("submit", _("Отправить на модерацию"), VersionedForm, "button button--primary"),
    Action("accept_changes", _("Принять изменения"), VersionedForm, "button button--primary"),
    Action("answer", _("Ответить"), TextForm, with_panel=True),
    Action(
        "confirm", _("Подтвердить"), CommentOptionalForm, "button button--primary", with_panel=True
    ),
    Action("ask_question", _("Задать вопрос"), TextForm, with_panel=True),
    Action(
        "hand_to_1c", _("Передать в 1С"), HandTo1CForm, "button button--primary", with_panel=True
    ),
    Action(
        "start_production", _("Запустить в производство"), VersionedForm, "button button--primary"
    ),
    Action(
        "reject",
        _("Отклонить…"),
        RejectForm,
        "button button--danger",
        _("Отклонить заказ? Покупатель увидит причину."),
        with_panel=True,
    ),
    Action(
        "cancel",
        _("Отменить заказ…"),
        CommentOptionalForm,
        "button button--danger",
        _("Отменить заказ? Вернуть его будет нельзя."),
        with_panel=True,
    ),
)
BY_NAME = {action.name: action for action in ACTIONS}


def may_act(actor, order, name: str) -> bool:
    """The table allows the action to this actor now (cancel: the buyer's or the seller's)."""
    if name == "cancel":
        return policies.can_cancel_order(actor, order)
    return policies.can_act(actor, order, name)


def is_party_of(actor, order, name: str) -> bool:
    """The actor is the side that takes this action (the status aside): else 403."""
    if name == "cancel":
        return bool(policies.parties_of(actor, order))
    if name == "units":
        return bool(policies.parties_of(actor, order))
    return workflow.transition(name).party in policies.parties_of(actor, order)


def _forms_for(order, bound: dict) -> list[dict]:
    buttons = []
    for action in ACTIONS:
        form = bound.get(action.name) or action.form(
            initial={"version": order.version}, auto_id=f"{action.name}-%s"
        )
        buttons.append({"action": action, "form": form, "open": action.name in bound})
    return buttons


def detail_context(request, order, **bound) -> dict:
    """Everything the order page shows to ``request.actor``; ``bound`` holds a form that was
    refused, by action name, to show again with its errors."""
    actor = request.actor
    parties = policies.parties_of(actor, order)
    is_buyer, is_moderator = Party.BUYER in parties, Party.MODERATOR in parties
    lines = list(order_lines(order))
    buttons = [b for b in _forms_for(order, bound) if may_act(actor, order, b["action"].name)]
    cancel_refusal = ""
    closed = (OrderStatus.CANCELLED, OrderStatus.REJECTED, OrderStatus.DRAFT)
    if is_buyer and not may_act(actor, order, "cancel") and order.status not in closed:
        cancel_refusal = policies.refusal(actor, order, "cancel")
    if order.bundled_into_id and may_act(actor, order, "cancel"):
        buttons = [b for b in buttons if b["action"].name != "cancel"]
        cancel_refusal = _("Заказ передан на завод в составе заказа дилера: отменить его нельзя.")
    events = list(order_events(order))
    for event in events:
        event.note = _note(event)
    units = _units(actor, order)
    context = {
        "order": order,
        "lines": lines,
        "has_configurations": any(line.is_configuration for line in lines),
        "payment": payment_status(order),
        "events": events,
        "pending": _pending_request(order, events),
        "comments": order.comments.select_related("author").prefetch_related("attachments"),
        "comment_form": bound.get("comment") or CommentForm(auto_id="comment-%s"),
        "can_comment": policies.can_comment_order(actor, order),
        "buttons": buttons,
        "cancel_refusal": cancel_refusal,
        "is_buyer": is_buyer,
        "is_moderator": is_moderator,
        "can_copy": policies.can_copy_order(actor, order),
        "can_issue_invoice": order_awaits_invoice(actor, order),
        "units": units,
        "units_form": bound.get("units"),
        "unit_steps": _unit_steps(actor, order, units),
        "bundled_into": order.bundled_into if is_moderator and order.bundled_into_id else None,
    }
    if policies.can_edit_order(actor, order):
        context["lines_form"] = bound.get("lines") or LinesForm(
            initial={"version": order.version}, lines=lines, may_set_price=False
        )
    elif policies.can_act(actor, order, "change_lines"):
        context["lines_form"] = bound.get("lines") or LinesForm(
            initial={"version": order.version}, lines=lines, may_set_price=True
        )
    if is_moderator and order.status not in workflow.FINAL_STATUSES:
        context["details_form"] = bound.get("details") or SellerDetailsForm(
            initial={
                "version": order.version,
                "planned_delivery_date": order.planned_delivery_date,
                "manager_notes": order.manager_notes,
                "factory_number": order.factory_number,
            },
            auto_id="details-%s",
        )
    return context


def _note(event) -> str:
    """The event's text without the summary of line changes (shown as a list instead)."""
    text = event.text
    if event.kind == EventKind.EDITED and isinstance(event.data, dict) and "changed" in event.data:
        text = text.removeprefix(describe(event.data))
    return text.strip()


def _pending_request(order, events):
    """While the order waits for the buyer: the seller's last question or change."""
    if order.status != OrderStatus.AWAITING_ANSWER:
        return None
    asked = (EventKind.QUESTION, EventKind.EDITED)
    return next(
        (e for e in reversed(events) if e.kind in asked and e.to_status == order.status), None
    )


def _units(actor, order) -> list[dict]:
    """Units with the line to show next to each: the sub-dealer's own line for a bundled
    sub-dealer order (never the factory's line, which carries the factory's price)."""
    if order.status in (OrderStatus.DRAFT, OrderStatus.ON_MODERATION):
        return []
    units = order_units(actor, order.pk)
    if not order.bundled_into_id:
        units = units.select_related("origin_line")
    return [{"unit": unit, "line": unit_display_line(unit, order)} for unit in units]


def _unit_steps(actor, order, units) -> list[tuple[str, str]]:
    """Bulk steps the actor may take on this page: only for units made for this very order."""
    if not units or order.bundled_into_id:
        return []
    present = {row["unit"].status for row in units}
    return [
        (step, label)
        for step, label in UnitsForm.STEPS
        if workflow.UNIT_STEPS[step][0] in present and policies.can_move_units(actor, order, step)
    ]


@actor_required
def order_detail(request, pk):
    order = order_get_for(request.actor, pk)
    return render(request, "orders/order_detail.html", detail_context(request, order))


@actor_required
def attachment_download(request, pk):
    """A file of a comment, for whoever sees the order."""
    attachment = get_object_or_404(OrderAttachment.objects.select_related("comment"), pk=pk)
    order_get_for(request.actor, attachment.comment.order_id)
    if not attachment.file:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
