"""The cart: add from the catalog and the configurator, change quantities, turn it into a draft
or submit it at once. Prices are the caller's own, resolved now; the services decide the
seller (the factory for a dealer, the dealer for a sub-dealer) and refuse what can't be sold.

Only the people who order (admins and employees of dealers and sub-dealers) have a cart;
everybody else gets a 403 with the reason (factory staff sell, accountants only read).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from portal.core.errors import DomainError
from portal.orders import policies, services
from portal.orders.models import CartLine, OrderKind
from portal.orders.pricing import configuration_item, configuration_of, line_amounts, offer_item
from portal.pricing.resolver import prices_for

from ..access import actor_required, require
from ..forms_cart import AddForm, CartOrderForm
from ..htmx import template_for

NO_CART = "Корзина есть у администраторов и сотрудников дилеров и субдилеров: они оформляют заказы."
ZERO = Decimal("0.00")


@dataclass
class CartRow:
    line: CartLine
    name: str
    article: str
    unit: str
    unit_price: Decimal | None = None
    total: Decimal | None = None
    vat: Decimal | None = None
    problem: str = ""  # why the line can't be ordered now (withdrawn, no price, a rule)
    error: str = ""  # a refused change of this line, shown next to it


def cart_rows(actor) -> tuple[list[CartRow], dict]:
    """The actor's cart priced now for its own company, and the totals of what can be ordered."""
    lines = list(
        CartLine.objects.filter(cart__user_id=actor.user_id).select_related(
            "offer__product", "configuration__product_model"
        )
    )
    offers = [line.offer for line in lines if line.offer_id]
    prices = prices_for(organisation=actor.organisation, offers=offers, viewer=actor)
    rows = []
    for line in lines:
        if line.offer_id:
            offer = line.offer
            row = CartRow(
                line,
                offer.name or offer.product.name,
                offer.article or offer.product.article,
                offer.product.unit_name or gettext("шт"),
            )
        else:
            row = CartRow(line, line.configuration.product_model.name, "", gettext("шт"))
        try:
            if line.offer_id:
                item = offer_item(line.offer, prices[line.offer_id])
            else:
                item = configuration_item(actor.organisation, configuration_of(line.configuration))
        except DomainError as error:
            row.problem = error.message
        else:
            row.unit_price = item.unit_price
            row.total, row.vat = line_amounts(
                unit_price=item.unit_price,
                quantity=line.quantity,
                discount_percent=ZERO,
                vat_rate=item.vat_rate,
            )
        rows.append(row)
    total = sum((row.total for row in rows if row.total is not None), ZERO)
    vat = sum((row.vat for row in rows if row.vat is not None), ZERO)
    totals = {"total": total, "vat": vat, "blocked": any(row.problem for row in rows)}
    return rows, totals


def cart_count(actor) -> int:
    return CartLine.objects.filter(cart__user_id=actor.user_id).count()


def _require_cart(actor) -> None:
    require(policies.can_create_order(actor), NO_CART)


def _own_line(actor, line_id: int) -> None:
    """Another person's cart line answers 404, like a missing one."""
    get_object_or_404(CartLine, pk=line_id, cart__user_id=actor.user_id)


def order_url(order) -> str:
    return reverse("orders:detail", args=[order.pk])


@actor_required
@require_GET
def cart_detail(request):
    actor = request.actor
    _require_cart(actor)
    form = CartOrderForm(actor=actor, initial={"kind": OrderKind.STANDARD})
    return _render_cart(request, form)


def _render_cart(request, form, *, status: int = 200, error_line: int | None = None, error=""):
    rows, totals = cart_rows(request.actor)
    for row in rows:
        if row.line.pk == error_line:
            row.error = error
    context = {"rows": rows, "totals": totals, "form": form}
    template = template_for(request, "cart/cart_detail.html", "lines")
    return render(request, template, context, status=status)


@actor_required
@require_POST
def cart_order(request):
    """«Создать черновик» or «Отправить на модерацию». Submitting is one step for the person:
    when the submission is refused (the credit check, the legal entity), nothing is created
    and the cart stays as it was, with the reason on the page."""
    actor = request.actor
    _require_cart(actor)
    form = CartOrderForm(request.POST, actor=actor)
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        try:
            with transaction.atomic():
                order = services.order_create_from_cart(actor=actor, **form.details())
                if submit:
                    order = services.order_submit(actor=actor, order_id=order.pk)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if submit:
                messages.success(
                    request,
                    gettext("Заказ %(number)s отправлен на модерацию.") % {"number": order.number},
                )
                if order.credit_warning:
                    messages.warning(request, order.credit_warning)
            else:
                messages.success(request, gettext("Черновик заказа создан из корзины."))
            return redirect(order_url(order))
    return _render_cart(request, form, status=400)


@actor_required
@require_POST
def cart_line_update(request, line_id):
    actor = request.actor
    _require_cart(actor)
    _own_line(actor, line_id)
    quantity = request.POST.get("quantity", "")
    try:
        services.cart_update(actor=actor, line_id=line_id, quantity=quantity)
    except DomainError as error:
        return _changed(request, error_line=line_id, error=error.message)
    return _changed(request)


@actor_required
@require_POST
def cart_line_remove(request, line_id):
    actor = request.actor
    _require_cart(actor)
    _own_line(actor, line_id)
    try:
        services.cart_remove(actor=actor, line_id=line_id)
    except DomainError as error:
        return _changed(request, error_line=line_id, error=error.message)
    return _changed(request)


def _changed(request, *, error_line: int | None = None, error: str = ""):
    """htmx: the lines and totals again; otherwise back to the cart (a refusal as a message)."""
    if request.htmx:
        form = CartOrderForm(actor=request.actor, initial={"kind": OrderKind.STANDARD})
        return _render_cart(request, form, error_line=error_line, error=error)
    if error:
        messages.error(request, error)
    return redirect("cart:detail")


@actor_required
@require_POST
def cart_add(request):
    return _add(request, "offer")


@actor_required
@require_POST
def cart_add_configuration(request):
    return _add(request, "snapshot")


def _add(request, what: str):
    """Back to the page the button was on with a message; htmx gets a small status fragment."""
    actor = request.actor
    _require_cart(actor)
    form = AddForm(request.POST)
    item_id = form.cleaned_data.get(what) if form.is_valid() else None
    kwargs = {"offer_id": item_id} if what == "offer" else {"snapshot_id": item_id}
    if item_id is None:
        ok, text = False, "Выберите товар или конфигурацию."
    else:
        try:
            services.cart_add(actor=actor, quantity=form.cleaned_data["quantity"], **kwargs)
        except DomainError as error:
            ok, text = False, error.message
        else:
            ok, text = True, gettext("Добавлено в корзину.")
    if request.htmx:
        context = {"ok": ok, "text": text, "count": cart_count(actor)}
        return render(request, "cart/includes/added.html", context)
    if ok:
        messages.success(request, text)
    else:
        messages.error(request, text)
    return redirect(_back_url(request))


def _back_url(request) -> str:
    target = request.POST.get("next") or request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("cart:detail")
