"""The credit check at an order's submission (``portal.orders.credit`` delegates here).

Exposure = the balance of the limit's legal entities (debt, less any advance) + orders already
submitted to the factory and not yet invoiced + this order. Over the limit, the order is
refused («block») or let through with a warning («warn»), as the factory set it; the message
says by how much. A legal entity's own limit wins over its dealer's (which covers all the
dealer's legal entities together). Without a limit, or for orders not sold by the factory,
there is nothing to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from portal.orders.models import Order
from portal.orders.workflow import OrderStatus
from portal.organisations.models import OrganisationKind
from portal.pricing.formatting import format_money

from . import ledger
from .models import CreditLimit, CreditMode, InvoiceStatus
from .money import ZERO, money_sum

if TYPE_CHECKING:
    from portal.organisations.models import LegalEntity

# Orders that will become an invoice but are not in the ledger yet.
PENDING = (
    OrderStatus.ON_MODERATION,
    OrderStatus.AWAITING_ANSWER,
    OrderStatus.CONFIRMED,
    OrderStatus.MODERATED,
    OrderStatus.IN_PRODUCTION,
    OrderStatus.PARTIALLY_SHIPPED,
)


@dataclass(frozen=True)
class CreditDecision:
    ok: bool
    message: str = ""
    excess: Decimal = ZERO


def limit_for(legal_entity: LegalEntity) -> tuple[CreditLimit | None, list[int]]:
    """The limit that applies to ``legal_entity`` and the legal entities it covers."""
    own = CreditLimit.objects.filter(legal_entity=legal_entity).first()
    if own is not None:
        return own, [legal_entity.pk]
    dealer = CreditLimit.objects.filter(organisation_id=legal_entity.organisation_id).first()
    if dealer is None:
        return None, []
    covered = [
        pk
        for pk in legal_entity.organisation.legal_entities.values_list("pk", flat=True)
        if not CreditLimit.objects.filter(legal_entity_id=pk).exists()
    ]
    return dealer, covered


def pending_orders_total(legal_entity_ids: list[int], *, exclude: int | None = None) -> Decimal:
    pending = (
        Order.objects.filter(
            legal_entity_id__in=legal_entity_ids,
            status__in=PENDING,
            seller__kind=OrganisationKind.FACTORY,
        )
        .exclude(invoice_links__invoice__status__in=_live_statuses())
        .exclude(pk=exclude)
    )
    return money_sum(pending, "total")


def _live_statuses() -> list[str]:
    return [s for s in InvoiceStatus.values if s != InvoiceStatus.CANCELLED]


def credit_check(order: Order) -> CreditDecision:
    if not order.sold_by_factory:
        return CreditDecision(ok=True)
    limit, covered = limit_for(order.legal_entity)
    if limit is None:
        return CreditDecision(ok=True)
    debt = ledger.balance(covered)
    pending = pending_orders_total(covered, exclude=order.pk)
    exposure = debt + pending + order.total
    excess = exposure - limit.amount
    if excess <= 0:
        return CreditDecision(ok=True)
    details = (
        f"лимит {_rub(limit.amount)}, задолженность {_rub(debt)}, "
        f"заказы в работе без счёта {_rub(pending)}, этот заказ {_rub(order.total)}"
    )
    if limit.mode == CreditMode.WARN:
        return CreditDecision(
            ok=True,
            message=f"Внимание: заказ превышает кредитный лимит на {_rub(excess)} ({details}).",
            excess=excess,
        )
    return CreditDecision(
        ok=False,
        message=f"Заказ превышает кредитный лимит на {_rub(excess)} ({details}). "
        "Оплатите выставленные счета или обратитесь к менеджеру завода.",
        excess=excess,
    )


def _rub(amount: Decimal) -> str:
    """Russian whoever submits: the message is stored with the order and its history."""
    return format_money(amount, currency=True, language="ru")
