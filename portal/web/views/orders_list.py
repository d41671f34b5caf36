"""The order list (filters in the URL, htmx updates, keyset paging, columns, saved views,
xlsx export) and the moderation queue. The rows come from ``portal.orders.listing``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.accounts.models import User
from portal.core.errors import DomainError
from portal.orders import listing, policies, saved_views
from portal.orders.models import Order, OrderEvent, OrderKind
from portal.orders.payments import PaymentState
from portal.orders.selectors import moderation_queue
from portal.orders.workflow import OrderStatus
from portal.organisations.models import LegalEntity, Organisation, OrganisationKind
from portal.organisations.roles import Role

from ..access import actor_required, refusal_as_message, require
from ..forms_orders import NEED_DEALER, OrderFilterForm, SavedViewForm
from ..htmx import template_for
from ..order_rows import rows_html

LIST_PARAMS = (*listing.FILTER_LABELS, "cols")
QUEUE_PAGE = 50


def _buyers(actor, dealer: int | None = None):
    """Companies whose orders the actor may see in the list (for the filter choices); for the
    factory, only the chosen dealer's tree."""
    if actor.is_subdealer:
        return Organisation.objects.filter(pk=actor.organisation_id)
    buyers = Organisation.objects.visible_to(actor).exclude(kind=OrganisationKind.FACTORY)
    if actor.is_factory:
        buyers = buyers.filter(Q(pk=dealer) | Q(parent_id=dealer))
    return buyers


def _choices(actor, filters: listing.OrderFilters | None) -> dict[str, list | str | None]:
    """The options of every filter. The factory sees hundreds of dealers with thousands of
    people and legal entities: it picks a dealer first, and the people, legal entities and
    sub-dealers are that dealer's (``NEED_DEALER`` until one is chosen)."""
    dealer = filters.dealer if filters else None
    buyers = _buyers(actor, dealer)
    by_dealer = actor.is_factory and not dealer
    subdealers = None
    if not actor.is_subdealer:
        subdealers = (
            NEED_DEALER
            if by_dealer
            else _pairs(buyers.filter(kind=OrganisationKind.SUBDEALER).order_by("name"), "name")
        )
    dealers = None
    if actor.is_factory:
        dealers = _pairs(
            Organisation.objects.visible_to(actor)
            .filter(kind=OrganisationKind.DEALER)
            .order_by("name"),
            "name",
        )
    return {
        "dealer": dealers,
        "status": list(OrderStatus.choices),
        "payment": list(PaymentState.choices),
        "kind": list(OrderKind.choices),
        "author": NEED_DEALER
        if by_dealer
        else _pairs(
            User.objects.filter(organisation__in=buyers).order_by("full_name"), "full_name"
        ),
        "legal_entity": NEED_DEALER
        if by_dealer
        else _pairs(LegalEntity.objects.filter(organisation__in=buyers).order_by("name"), "name"),
        "subdealer": subdealers,
        "sort": [(key, sort.label) for key, sort in listing.SORTS.items()],
    }


def _pairs(rows, label: str) -> list[tuple[str, str]]:
    return [(str(pk), name) for pk, name in rows.values_list("pk", label)]


def _read(query):
    """Filters, sort and page from the URL, and the Russian message of each bad value."""
    errors: dict[str, str] = {}
    try:
        filters = listing.OrderFilters.from_query(query)
    except listing.FilterError as error:
        filters, errors = None, dict(error.errors)
    try:
        sort = listing.parse_sort(query.get("sort"))
    except DomainError as error:
        sort, errors["sort"] = listing.DEFAULT_SORT, error.message
    return filters, sort, errors


def _new_order_url() -> str:
    """The order creation page, once the cart's routes exist."""
    for name in ("cart:detail", "cart:index", "cart:list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


@actor_required
def order_list(request):
    actor = request.actor
    if not request.GET and (view := saved_views.default_view(actor)):
        return redirect(_view_url(view))
    filters, sort, errors = _read(request.GET)
    cols = request.GET.getlist("cols")
    columns = listing.columns_from(cols)
    page = None
    if filters is not None:
        try:
            page = listing.order_list(actor, filters, sort=sort, after=request.GET.get("after"))
        except DomainError as error:  # a broken page link
            errors[error.field or "after"] = error.message
    query = _query(request.GET, drop=("after",))
    copy_for = actor.organisation_id if policies.can_create_order(actor) else None
    template = template_for(request, "orders/order_list.html", "results")
    partial = "#" in template
    context = {
        "rows_html": rows_html(page.rows, columns, copy_for=copy_for) if page else "",
        "filtered": filters is not None and not filters.is_empty,
        # A filter change (htmx) swaps the results only: no filter bar, no saved views.
        "form": None
        if partial
        else OrderFilterForm(request.GET, choices=_choices(actor, filters), errors=errors),
        "errors": errors,
        "page": page,
        "columns": columns,
        "all_columns": listing.COLUMNS.values(),
        "chosen": {column.key for column in columns},
        "query": query,
        "next_url": f"?{_query(request.GET, after=page.next_cursor)}"
        if page and page.has_next
        else "",
        "first_url": f"?{query}" if request.GET.get("after") else "",
        "export_url": f"{reverse('orders:export')}?{query}",
        "saved_views": [] if partial else saved_views.saved_views(actor),
        "view_form": SavedViewForm(initial={"query": query}, auto_id="view-%s"),
        "may_order": policies.can_create_order(actor),
        "new_order_url": _new_order_url() if policies.can_create_order(actor) else "",
    }
    return render(request, template, context)


def _query(params, *, drop=(), after: str | None = None) -> str:
    pairs = [
        (key, value)
        for key in LIST_PARAMS
        if key not in drop and key != "after"
        for value in params.getlist(key)
        if value != ""
    ]
    if after:
        pairs.append(("after", after))
    return urlencode(pairs)


def _view_url(view) -> str:
    cols = urlencode([("cols", key) for key in view.columns])
    query = "&".join(part for part in (view.query, cols) if part) or "sort=newest"
    return f"{reverse('orders:list')}?{query}"


@actor_required
def order_export(request):
    """The filtered list as .xlsx, with the chosen columns."""
    actor = request.actor
    filters, sort, errors = _read(request.GET)
    if errors:
        messages.error(request, " ".join(errors.values()))
        return redirect(f"{reverse('orders:list')}?{_query(request.GET)}")
    content = listing.order_list_xlsx(actor, filters, sort, columns=request.GET.getlist("cols"))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="orders-{stamp}.xlsx"'
    return response


@actor_required
@require_POST
def saved_view_save(request):
    actor = request.actor
    form = SavedViewForm(request.POST)
    if form.is_valid():
        try:
            view = saved_views.saved_view_save(
                actor=actor,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                columns=request.POST.getlist("cols"),
                is_default=form.cleaned_data["is_default"],
            )
        except DomainError as error:
            if error.code == "forbidden":
                raise
            messages.error(request, error.message)
            return redirect(f"{reverse('orders:list')}?{form.cleaned_data['query']}")
        messages.success(request, f"Вид «{view.name}» сохранён.")
        return redirect(_view_url(view))
    messages.error(request, "Назовите вид списка.")
    return redirect("orders:list")


@actor_required
@require_POST
def saved_view_delete(request, pk):
    view = saved_views.saved_view_get_for(request.actor, pk)
    saved_views.saved_view_delete(actor=request.actor, view_id=pk)
    messages.success(request, f"Вид «{view.name}» удалён.")
    return redirect(f"{reverse('orders:list')}?sort=newest")


@actor_required
@require_POST
def saved_view_default(request, pk):
    with refusal_as_message(request):
        view = saved_views.saved_view_set_default(actor=request.actor, view_id=pk)
        messages.success(request, f"Вид «{view.name}» теперь открывается по умолчанию.")
    return redirect(f"{reverse('orders:list')}?sort=newest")


def may_moderate(actor) -> bool:
    """Factory admins and managers; dealers' admins and employees (their sub-dealers' orders)."""
    if actor.is_factory:
        return actor.role in (Role.ADMIN, Role.MANAGER)
    return actor.is_dealer and actor.role in policies.ORDERING_ROLES


@actor_required
def moderation(request):
    """Orders waiting for the seller (oldest first, fifty a page), then those waiting for the
    buyer (the oldest fifty)."""
    actor = request.actor
    require(may_moderate(actor), "Очередь модерации — для менеджеров завода и дилеров.")
    since = (
        OrderEvent.objects.filter(order=OuterRef("pk"), to_status=OrderStatus.ON_MODERATION)
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    # Oldest submission first (the queue's index order); the wait since the order last came
    # back to moderation is computed for the fifty rows shown only.
    waiting = moderation_queue(actor).annotate(
        waiting_since=Coalesce(Subquery(since), F("submitted_at"))
    )
    asked = (
        Order.objects.visible_to(actor)
        .filter(seller_id=actor.organisation_id, status=OrderStatus.AWAITING_ANSWER)
        .select_related("buyer", "author")
        .order_by("updated_at", "pk")
    )
    context = {
        "page": Paginator(waiting, QUEUE_PAGE).get_page(request.GET.get("page")),
        "asked": asked[:QUEUE_PAGE],
        "asked_count": asked.count(),
    }
    return render(request, "orders/moderation.html", context)
