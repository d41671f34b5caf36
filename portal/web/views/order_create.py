"""The other ways to start an order: quick order into the cart, copy of an earlier order, and
the dealer's bundle of accepted sub-dealer orders into one order to the factory. (The Excel
import lives in ``order_import.py``.)"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from portal.core.errors import DomainError
from portal.orders import policies, services
from portal.orders.lines import reprice
from portal.orders.models import Order, OrderLine
from portal.orders.selectors import order_get_for, order_lines
from portal.orders.workflow import OrderStatus

from ..access import actor_required, require
from ..forms_cart import BundleForm, QuickOrderForm
from .cart import NO_CART, order_url


@actor_required
@require_http_methods(["GET", "POST"])
def quick_order(request):
    """«Проверить» lists every line: the priced good ones and the refused ones with their
    numbers and reasons; «Добавить допустимые строки» puts only the good ones into the cart."""
    actor = request.actor
    require(policies.can_create_order(actor), NO_CART)
    form = QuickOrderForm(request.POST if request.method == "POST" else None)
    result = None
    if form.is_valid():
        text = form.cleaned_data["text"]
        if request.POST.get("action") == "add":
            result = form.attempt(services.cart_add_quick, actor=actor, text=text)
            if result is not None and result.valid:
                _added_message(request, result)
                return redirect("cart:detail")
        else:
            result = form.attempt(services.quick_lines_check, actor=actor, text=text)
    status = 400 if form.errors else 200
    return render(
        request, "orders/create/quick.html", {"form": form, "result": result}, status=status
    )


def _added_message(request, result) -> None:
    added = len(result.valid)
    text = gettext("В корзину добавлено строк: %(added)s.") % {"added": added}
    if result.errors:
        text += " " + gettext("Пропущено строк с ошибками: %(errors)s.") % {
            "errors": len(result.errors)
        }
    messages.success(request, text)


@dataclass(frozen=True)
class CopyRow:
    line: OrderLine
    new_price: Decimal

    @property
    def difference(self) -> Decimal:
        return self.new_price - self.line.unit_price


def copy_preview(order: Order) -> tuple[list[CopyRow], list[str]]:
    """Each line priced today for the buyer, as ``order_copy`` will price it, and the lines
    that can't be ordered any more (with the reason). Reads only."""
    rows, skipped = [], []
    for line in order_lines(order).select_related("offer__product"):
        try:
            rows.append(CopyRow(line, reprice(order, line).unit_price))
        except DomainError as error:
            skipped.append(f"Строка {line.position} «{line.name}»: {error.message}")
    return rows, skipped


@actor_required
@require_http_methods(["GET", "POST"])
def order_copy(request, order_id):
    """The order page links here: first the price differences, then «Создать черновик»
    (``confirm``) makes the copy."""
    actor = request.actor
    source = order_get_for(actor, order_id)
    require(
        policies.can_copy_order(actor, source),
        "Скопировать заказ может только сотрудник покупателя.",
    )
    error = ""
    if request.method == "POST" and request.POST.get("confirm"):
        try:
            result = services.order_copy(actor=actor, order_id=source.pk)
        except DomainError as refusal:
            error = refusal.message
        else:
            _copied_messages(request, result)
            return redirect(order_url(result.order))
    rows, skipped = copy_preview(source)
    context = {
        "source": source,
        "rows": rows,
        "skipped": skipped,
        "changed": [row for row in rows if row.difference],
        "error": error,
    }
    return render(request, "orders/create/copy.html", context, status=400 if error else 200)


def _copied_messages(request, result) -> None:
    if result.changes:
        messages.warning(
            request,
            f"Цены изменились в строках: {', '.join(str(c.position) for c in result.changes)}. "
            "В копии — сегодняшние цены.",
        )
    for text in result.skipped:
        messages.warning(request, f"Не скопирована. {text}")
    messages.success(request, gettext("Копия заказа создана как черновик."))


def bundle_candidates(actor):
    """Sub-dealer orders the dealer has accepted and not yet passed on to the factory."""
    return (
        Order.objects.visible_to(actor)
        .filter(
            seller_id=actor.organisation_id,
            status=OrderStatus.CONFIRMED,
            bundled_into__isnull=True,
        )
        .select_related("buyer", "legal_entity")
        .order_by("confirmed_at", "pk")
    )


@actor_required
@require_http_methods(["GET", "POST"])
def bundle(request):
    actor = request.actor
    require(
        policies.can_bundle_orders(actor),
        "Собирать заказы субдилеров в заказ заводу могут администраторы и сотрудники дилера.",
    )
    candidates = bundle_candidates(actor)
    form = BundleForm(
        request.POST if request.method == "POST" else None, actor=actor, orders=candidates
    )
    if form.is_valid():
        order = form.attempt(
            services.subdealer_orders_bundle,
            actor=actor,
            order_ids=[order.pk for order in form.cleaned_data["orders"]],
            extra_lines=form.cleaned_data["own_lines"],
            **form.details(),
        )
        if order is not None:
            messages.success(request, gettext("Заказ на завод собран: проверьте его и отправьте."))
            return redirect(order_url(order))
    status = 400 if form.errors else 200
    return render(request, "orders/create/bundle.html", {"form": form}, status=status)
