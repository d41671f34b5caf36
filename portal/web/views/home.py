"""The home page: for each role, what needs its attention now and the figures of its work.

Every block reads through the access layer (``visible_to``, selectors) in a fixed number of
queries (``portal.web.dashboard``); a block whose feature the role has no part in is left out.
At a million orders no figure may read all of them: counts stop at a cap («более 1 000»),
lists read the first rows of an index (``bench/home_pages.py`` measures every role).
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.billing import overview as money
from portal.billing.selectors import orders_to_invoice
from portal.exchange.models import ImportRun
from portal.notifications.selectors import notification_list
from portal.orders.list_keys import LIST_DATE
from portal.orders.listing import OrderFilters, order_list
from portal.orders.models import Order
from portal.organisations.actor import Actor
from portal.organisations.models import (
    LegalEntity,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)
from portal.organisations.roles import Role
from portal.organisations.selectors import organisation_get_for

from ..access import actor_required
from ..dashboard import orders as order_figures
from ..dashboard.counts import tallies

DEALER_PREVIEW = 20
# The manager's dealers table counts each dealer's orders of this many last days: an index
# range per dealer ((buyer, date) of the order list), not all the orders of a big dealer.
RECENT_DAYS = 30
RECENT = 5
# Sign-ins and sign-outs would crowd the admin's «recent actions» out; the log keeps them.
SESSION_ACTIONS = ("login", "logout")


@actor_required
def home(request):
    actor = request.actor
    if actor.is_factory:
        if actor.is_admin:
            return render(request, "home/factory_admin.html", _factory_admin(actor))
        if actor.role == Role.MANAGER:
            return render(request, "home/factory_manager.html", _factory_manager(actor))
        return render(request, "home/factory_accountant.html", _factory_accountant(actor))
    if actor.is_subdealer:
        return render(request, "home/subdealer.html", _subdealer(actor))
    if actor.role == Role.ACCOUNTANT:
        return render(request, "home/dealer_accountant.html", _dealer_accountant(actor))
    return render(request, "home/dealer.html", _dealer(actor))


# ---------------------------------------------------------------- the factory


def _factory_admin(actor: Actor) -> dict:
    network = Organisation.objects.visible_to(actor).aggregate(
        dealers=Count("pk", filter=Q(kind=OrganisationKind.DEALER)),
        subdealers=Count("pk", filter=Q(kind=OrganisationKind.SUBDEALER)),
        blocked=Count("pk", filter=Q(status=OrganisationStatus.BLOCKED)),
    )
    network["users"] = User.objects.visible_to(actor).filter(is_active=True).count()
    return {
        "network": network,
        "orders": order_figures.factory_figures(actor),
        "queue": order_figures.moderation_preview(actor, limit=1),
        "shipped": order_figures.shipped_since(actor, order_figures.month_start()),
        "import_run": ImportRun.objects.visible_to(actor).select_related("user").first(),
        "events": AuditEvent.objects.visible_to(actor)
        .exclude(action__in=SESSION_ACTIONS)
        .select_related("organisation")[:10],
    }


def _dealer_rows(actor: Actor) -> list[dict]:
    """The dealers the actor sees with their orders of the last ``RECENT_DAYS`` days and their
    debt, those needing attention first (overdue debt, then the busiest)."""
    dealers = (
        Organisation.objects.visible_to(actor)
        .filter(kind=OrganisationKind.DEALER)
        .select_related("manager")
        .order_by("name", "pk")
    )
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    recent = dict(
        Order.objects.visible_to(actor)
        .annotate(list_date=LIST_DATE)
        .filter(list_date__gte=since)
        .values_list("buyer_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    debts = money.by_dealer(money.balances(actor))
    rows = [
        {
            "organisation": dealer,
            "recent_orders": recent.get(dealer.pk, 0),
            "money": debts.get(dealer.pk),
        }
        for dealer in dealers
    ]
    rows.sort(
        key=lambda row: (
            -(row["money"].overdue if row["money"] else 0),
            -row["recent_orders"],
            row["organisation"].name,
        )
    )
    return rows


def _factory_manager(actor: Actor) -> dict:
    rows = _dealer_rows(actor)
    return {
        "orders": order_figures.factory_figures(actor),
        "queue": order_figures.moderation_preview(actor),
        "notifications": _notifications(actor),
        "dealers": rows[:DEALER_PREVIEW],
        "dealer_count": len(rows),
        "recent_days": RECENT_DAYS,
    }


def _factory_accountant(actor: Actor) -> dict:
    rows = money.balances(actor)
    return {
        "invoices": money.invoice_totals(actor),
        "to_invoice": tallies({"to_invoice": orders_to_invoice(actor)}, ordered=True)["to_invoice"],
        "over_limit": money.over_limit(rows),
        "debtors": sorted((row for row in rows if row.overdue > 0), key=lambda row: -row.overdue)[
            :DEALER_PREVIEW
        ],
    }


# ---------------------------------------------------------------- dealers and sub-dealers


def _company(actor: Actor) -> dict:
    """The company card: who the actor's company is and whom to call."""
    organisation = organisation_get_for(actor, actor.organisation_id)
    return {
        "organisation": organisation,
        "legal_entities": LegalEntity.objects.filter(organisation=organisation, is_active=True),
    }


def _money(actor: Actor) -> dict:
    """The company's balance per legal entity and its credit limits."""
    rows = money.balances(actor, organisation_id=actor.organisation_id)
    return {"balances": rows, "credits": money.credit_lines(rows)}


def _notifications(actor: Actor) -> list:
    return list(notification_list(actor)[:RECENT])


def _dealer(actor: Actor) -> dict:
    return {
        **_company(actor),
        "by_status": order_figures.own_orders_by_status(actor),
        "awaiting": order_figures.awaiting_answer(actor),
        "queue": order_figures.moderation_preview(actor),
        "deliveries": order_figures.units_in_delivery(actor),
        **_money(actor),
        "notifications": _notifications(actor),
    }


def _dealer_accountant(actor: Actor) -> dict:
    return {
        **_company(actor),
        **_money(actor),
        "invoices": money.invoice_totals(actor),
        "unpaid": money.unpaid_invoices(actor),
        "today": timezone.localdate(),
        "notifications": _notifications(actor),
    }


def _subdealer(actor: Actor) -> dict:
    return {
        **_company(actor),
        "by_status": order_figures.own_orders_by_status(actor),
        "awaiting": order_figures.awaiting_answer(actor),
        "recent": order_list(actor, OrderFilters(), limit=RECENT, count=False).rows,
        "deliveries": order_figures.units_in_delivery(actor),
        "notifications": _notifications(actor),
    }
