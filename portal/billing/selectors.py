"""Reads of money for one actor. Getting one object answers 404 for missing and for
not-yours alike (Http404), so nobody learns which ids exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from portal.organisations.models import LegalEntity, OrganisationKind

from . import policies
from .models import Invoice, InvoiceStatus, LedgerEntry, Payment
from .models.visibility import money_filter
from .money import ZERO

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

LIVE_STATUSES = [s for s in InvoiceStatus.values if s != InvoiceStatus.CANCELLED]


def invoice_get_for(actor: Actor, invoice_id: int) -> Invoice:
    return get_object_or_404(
        Invoice.objects.visible_to(actor).select_related(
            "buyer__organisation", "supplier", "issued_by"
        ),
        pk=invoice_id,
    )


def payment_get_for(actor: Actor, payment_id: int) -> Payment:
    return get_object_or_404(
        Payment.objects.visible_to(actor).select_related("payer__organisation", "registered_by"),
        pk=payment_id,
    )


def legal_entity_money_get_for(actor: Actor, legal_entity_id: int) -> LegalEntity:
    """A legal entity whose balance the actor may see (404 otherwise, sub-dealers included)."""
    return get_object_or_404(
        money_entities(actor).select_related("organisation"), pk=legal_entity_id
    )


def money_entities(actor: Actor) -> QuerySet[LegalEntity]:
    """Legal entities of dealers whose money the actor sees."""
    return LegalEntity.objects.filter(
        money_filter(actor, ""), organisation__kind=OrganisationKind.DEALER
    )


@dataclass(frozen=True)
class InvoiceFilters:
    date_from: date | None = None
    date_to: date | None = None
    legal_entity: int | None = None
    status: str = ""
    source: str = ""
    search: str = ""


def _filtered(qs: QuerySet, filters: InvoiceFilters, *, legal_entity_field: str) -> QuerySet:
    """The filters invoices and payments share: period, legal entity, status, source."""
    if filters.date_from:
        qs = qs.filter(date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(date__lte=filters.date_to)
    if filters.legal_entity:
        qs = qs.filter(**{legal_entity_field: filters.legal_entity})
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.source:
        qs = qs.filter(source=filters.source)
    return qs


def invoice_list(actor: Actor, filters: InvoiceFilters | None = None) -> QuerySet[Invoice]:
    filters = filters or InvoiceFilters()
    qs = Invoice.objects.visible_to(actor).select_related("buyer__organisation", "supplier")
    qs = _filtered(qs, filters, legal_entity_field="buyer_id")
    if filters.search:
        qs = qs.filter(
            Q(number__icontains=filters.search) | Q(orders__number__icontains=filters.search)
        ).distinct()
    return qs.order_by("-date", "-id")


def payment_list(actor: Actor, filters: InvoiceFilters | None = None) -> QuerySet[Payment]:
    filters = filters or InvoiceFilters()
    qs = (
        Payment.objects.visible_to(actor)
        .select_related("payer__organisation")
        .annotate(allocated=Coalesce(Sum("allocations__amount"), ZERO))
    )
    qs = _filtered(qs, filters, legal_entity_field="payer_id")
    if filters.search:
        qs = qs.filter(Q(number__icontains=filters.search) | Q(purpose__icontains=filters.search))
    return qs.order_by("-date", "-id")


def ledger_of(actor: Actor, legal_entity_id: int) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.visible_to(actor).filter(legal_entity_id=legal_entity_id)


def order_awaits_invoice(actor: Actor, order) -> bool:
    """The order page's «Выставить счёт»: the actor may issue one and the order has none yet."""
    if not policies.can_issue_invoice(actor, order.legal_entity):
        return False
    return orders_to_invoice(actor).filter(pk=order.pk).exists()


def orders_to_invoice(actor: Actor) -> QuerySet:
    """Confirmed (or later) orders to the factory that have no live invoice yet."""
    from portal.orders.models import Order

    from .services.invoices import INVOICEABLE

    return (
        Order.objects.visible_to(actor)
        .filter(status__in=INVOICEABLE, seller__kind=OrganisationKind.FACTORY)
        .exclude(invoice_links__invoice__status__in=LIVE_STATUSES)
        .select_related("legal_entity", "buyer")
        .order_by("confirmed_at", "pk")
    )
