"""Copy an earlier order into a new draft, priced today; report how prices moved."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from portal.core.errors import DomainError, PermissionDenied

from .. import lines, policies
from ..models import Order
from ..selectors import order_get_for
from .drafts import new_draft

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


@dataclass(frozen=True)
class PriceChange:
    position: int
    name: str
    article: str
    old_price: Decimal
    new_price: Decimal

    @property
    def difference(self) -> Decimal:
        return self.new_price - self.old_price


@dataclass
class CopyResult:
    order: Order
    changes: list[PriceChange] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # lines that can't be ordered any more


@transaction.atomic
def order_copy(*, actor: Actor, order_id: int) -> CopyResult:
    source = order_get_for(actor, order_id)
    if not policies.can_copy_order(actor, source):
        raise PermissionDenied("Скопировать заказ может только сотрудник покупателя.")
    legal_entity_id = source.legal_entity_id if source.legal_entity.is_active else None
    order = new_draft(
        actor,
        kind=source.kind,
        legal_entity_id=legal_entity_id,
        for_subdealer_id=source.for_subdealer_id,
        colour=source.colour,
        action="copied",
        text=f"Копия заказа {source.number or source.pk}.",
        data={"copied_from": source.pk},
    )
    result = CopyResult(order=order)
    for line in source.lines.select_related("offer__product").order_by("position"):
        try:
            item = lines.reprice(order, line)
            new_line = lines.add_line(order, item, line.quantity)
        except DomainError as error:
            result.skipped.append(f"Строка {line.position} «{line.name}»: {error.message}")
            continue
        if new_line.unit_price != line.unit_price:
            result.changes.append(
                PriceChange(
                    position=new_line.position,
                    name=new_line.name,
                    article=new_line.article,
                    old_price=line.unit_price,
                    new_price=new_line.unit_price,
                )
            )
    if not order.lines.exists():
        raise DomainError(
            "Ни одну строку заказа нельзя заказать снова. " + " ".join(result.skipped)
        )
    lines.recompute_totals(order)
    order.save(update_fields=["subtotal", "vat_total", "total"])
    return result
