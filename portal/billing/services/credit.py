"""Setting (or removing) a credit limit: the factory's accountant or admin."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction

from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.core.money import round_money

from .. import policies
from ..models import CreditLimit, CreditMode
from ..selectors import legal_entity_money_get_for
from .common import lock_legal_entity

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

SCOPES = ("dealer", "legal_entity")


@transaction.atomic
def credit_limit_set(
    *,
    actor: Actor,
    legal_entity_id: int,
    scope: str,
    amount: Decimal | None,
    mode: str = CreditMode.BLOCK,
) -> CreditLimit | None:
    """The limit of the legal entity's dealer (``scope="dealer"``) or of the legal entity
    itself; ``amount=None`` removes it."""
    entity = legal_entity_money_get_for(actor, legal_entity_id)
    if not policies.can_set_credit_limit(actor):
        raise PermissionDenied("Кредитный лимит устанавливает бухгалтер или администратор завода.")
    if scope not in SCOPES:
        raise DomainError("Выберите, для кого лимит: для дилера или для юрлица.", field="scope")
    if mode not in CreditMode.values:
        raise DomainError("Выберите, что делать при превышении лимита.", field="mode")
    lock_legal_entity(entity.pk)
    owner = {"organisation": entity.organisation} if scope == "dealer" else {"legal_entity": entity}
    if amount is None:
        CreditLimit.objects.filter(**owner).delete()
        limit = None
    else:
        amount = round_money(amount)
        if amount < 0:
            raise DomainError("Кредитный лимит не может быть отрицательным.", field="amount")
        limit, _ = CreditLimit.objects.update_or_create(
            **owner, defaults={"amount": amount, "mode": mode, "updated_by": actor.user}
        )
    audit_record(
        action="credit_limit_set",
        actor=actor,
        organisation=entity.organisation,
        obj=entity,
        changes={"scope": scope, "amount": None if amount is None else str(amount), "mode": mode},
    )
    return limit
