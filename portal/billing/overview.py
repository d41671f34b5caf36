"""Balances of many legal entities at once, invoice totals, credit — for overviews such as the
home pages.

``portal.billing.balances.balance_of`` answers for one legal entity in several queries; a home
page shows every legal entity of a company (or of every dealer), so ``balances`` reads the
same figures for all of them in five queries: the ledger's sums, the overdue invoices, the
orders not invoiced yet and the credit limits, grouped by legal entity. The credit rules are
those of ``portal.billing.credit`` (a legal entity's own limit wins over its dealer's, which
covers the dealer's other legal entities together); a test checks both give the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from portal.core.money import round_money
from portal.orders.models import Order
from portal.organisations.models import OrganisationKind

from .credit import PENDING
from .models import CreditLimit, CreditMode, Invoice, LedgerEntry
from .models.invoices import OPEN_STATUSES
from .selectors import LIVE_STATUSES, money_entities

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

ZERO = Decimal("0.00")
REMAINING = ExpressionWrapper(
    F("total") - F("paid_amount"), output_field=DecimalField(max_digits=16, decimal_places=2)
)


def _money(value) -> Decimal:
    return round_money(value or ZERO)


@dataclass(frozen=True)
class EntityMoney:
    legal_entity_id: int
    name: str
    organisation_id: int
    organisation_name: str
    balance: Decimal  # > 0 debt, < 0 advance
    overdue: Decimal
    credit_limit: Decimal | None
    credit_mode: str  # CreditMode: what happens to an order over the limit; "" without one
    credit_used: Decimal  # debt of every legal entity the limit covers + orders not invoiced
    limit_key: tuple[str, int] | None  # the limit that applies: ("dealer"|"legal_entity", id)

    @property
    def debt(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def advance(self) -> Decimal:
        return max(-self.balance, ZERO)


def balances(actor: Actor, *, organisation_id: int | None = None) -> list[EntityMoney]:
    """Every legal entity whose money the actor sees (only ``organisation_id``'s when given),
    by company and name, with its balance, overdue debt and credit, as of today."""
    today = timezone.localdate()
    entities = money_entities(actor)
    if organisation_id is not None:
        entities = entities.filter(organisation_id=organisation_id)
    rows = list(
        entities.order_by("organisation__name", "name", "pk").values(
            "pk", "name", "organisation_id", "organisation__name"
        )
    )
    if not rows:
        return []
    ids = [row["pk"] for row in rows]
    balance = _sums(
        LedgerEntry.objects.visible_to(actor).filter(legal_entity_id__in=ids, date__lte=today),
        "legal_entity_id",
        "amount",
    )
    overdue = _sums(
        Invoice.objects.visible_to(actor).overdue(on=today).filter(buyer_id__in=ids),
        "buyer_id",
        REMAINING,
    )
    limits = CreditLimit.objects.filter(
        Q(legal_entity_id__in=ids) | Q(organisation_id__in={row["organisation_id"] for row in rows})
    )
    own = {limit.legal_entity_id: limit for limit in limits if limit.legal_entity_id}
    dealer = {limit.organisation_id: limit for limit in limits if limit.organisation_id}
    # Orders not invoiced yet count only towards a limit: summed for the covered entities only
    # (a big dealer has tens of thousands of open orders; most companies have no limit).
    limited = [pk for pk in ids if pk in own] + [
        row["pk"] for row in rows if row["pk"] not in own and row["organisation_id"] in dealer
    ]
    pending = (
        _sums(
            Order.objects.visible_to(actor)
            .filter(
                legal_entity_id__in=limited,
                status__in=PENDING,
                seller__kind=OrganisationKind.FACTORY,
            )
            .exclude(invoice_links__invoice__status__in=LIVE_STATUSES),
            "legal_entity_id",
            "total",
        )
        if limited
        else {}
    )
    # The dealer's limit covers its legal entities that have no limit of their own.
    shared: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row["pk"] not in own:
            shared[row["organisation_id"]].append(row["pk"])

    def exposure(covered: list[int]) -> Decimal:
        return sum((balance.get(pk, ZERO) + pending.get(pk, ZERO) for pk in covered), ZERO)

    result = []
    for row in rows:
        pk, organisation = row["pk"], row["organisation_id"]
        if pk in own:
            limit, covered, key = own[pk], [pk], ("legal_entity", pk)
        elif organisation in dealer:
            limit, covered = dealer[organisation], shared[organisation]
            key = ("dealer", organisation)
        else:
            limit, covered, key = None, [], None
        result.append(
            EntityMoney(
                legal_entity_id=pk,
                name=row["name"],
                organisation_id=organisation,
                organisation_name=row["organisation__name"],
                balance=balance.get(pk, ZERO),
                overdue=overdue.get(pk, ZERO),
                credit_limit=limit.amount if limit else None,
                credit_mode=limit.mode if limit else "",
                credit_used=exposure(covered) if limit else ZERO,
                limit_key=key,
            )
        )
    return result


def _sums(rows, by: str, amount) -> dict[int, Decimal]:
    grouped = rows.values_list(by).annotate(total=Sum(amount)).order_by()
    return {key: _money(total) for key, total in grouped}


@dataclass(frozen=True)
class DealerMoney:
    organisation_id: int
    debt: Decimal
    overdue: Decimal


def by_dealer(rows: list[EntityMoney]) -> dict[int, DealerMoney]:
    """Debt (advances of one legal entity don't cancel another's debt) and overdue debt of
    each company."""
    debt: dict[int, Decimal] = defaultdict(lambda: ZERO)
    overdue: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        debt[row.organisation_id] += row.debt
        overdue[row.organisation_id] += row.overdue
    return {pk: DealerMoney(pk, debt[pk], overdue[pk]) for pk in debt}


@dataclass(frozen=True)
class CreditLine:
    """One credit limit and how much of it is used."""

    organisation_id: int
    organisation_name: str
    scope: str  # the legal entity's name, or "" for the dealer's limit on all its entities
    legal_entity_id: int  # one of the covered legal entities: its balance page
    limit: Decimal
    mode: str
    used: Decimal

    @property
    def blocks_orders(self) -> bool:
        return self.mode == CreditMode.BLOCK

    @property
    def left(self) -> Decimal:
        return self.limit - self.used

    @property
    def excess(self) -> Decimal:
        return self.used - self.limit

    @property
    def is_exceeded(self) -> bool:
        return self.used > self.limit


def credit_lines(rows: list[EntityMoney]) -> list[CreditLine]:
    """Each limit once, in the order of ``rows`` (a dealer's limit is shared by its legal
    entities without a limit of their own)."""
    seen: dict[tuple[str, int], CreditLine] = {}
    for row in rows:
        if row.limit_key is None or row.limit_key in seen:
            continue
        seen[row.limit_key] = CreditLine(
            organisation_id=row.organisation_id,
            organisation_name=row.organisation_name,
            scope=row.name if row.limit_key[0] == "legal_entity" else "",
            legal_entity_id=row.legal_entity_id,
            limit=row.credit_limit,
            mode=row.credit_mode,
            used=row.credit_used,
        )
    return list(seen.values())


def over_limit(rows: list[EntityMoney]) -> list[CreditLine]:
    """The exceeded limits, the largest excess first."""
    exceeded = [line for line in credit_lines(rows) if line.is_exceeded]
    return sorted(exceeded, key=lambda line: (-line.excess, line.organisation_name))


@dataclass(frozen=True)
class InvoiceTotals:
    open_count: int
    open_amount: Decimal  # left to pay on open invoices
    overdue_count: int
    overdue_amount: Decimal
    month_count: int  # issued this month (not cancelled)
    month_amount: Decimal


def invoice_totals(actor: Actor, *, on: date | None = None) -> InvoiceTotals:
    """The actor's invoices at a glance (two queries: the open ones from their own index, and
    this month's by date; one query over both conditions read every invoice)."""
    on = on or timezone.localdate()
    invoices = Invoice.objects.visible_to(actor)
    overdue = Q(due_date__lt=on)
    figures = invoices.filter(status__in=OPEN_STATUSES).aggregate(
        open_count=Count("*"),
        open_amount=Sum(REMAINING),
        overdue_count=Count("due_date", filter=overdue),  # a column of the index
        overdue_amount=Sum(REMAINING, filter=overdue),
    )
    figures |= invoices.filter(
        status__in=LIVE_STATUSES, date__gte=on.replace(day=1), date__lte=on
    ).aggregate(month_count=Count("*"), month_amount=Sum("total"))
    return InvoiceTotals(
        open_count=figures["open_count"],
        open_amount=_money(figures["open_amount"]),
        overdue_count=figures["overdue_count"],
        overdue_amount=_money(figures["overdue_amount"]),
        month_count=figures["month_count"],
        month_amount=_money(figures["month_amount"]),
    )


def unpaid_invoices(actor: Actor, *, limit: int = 8) -> list[Invoice]:
    """Open invoices, the one due first on top (one query)."""
    return list(
        Invoice.objects.visible_to(actor)
        .open()
        .select_related("buyer")
        .order_by("due_date", "pk")[:limit]
    )
