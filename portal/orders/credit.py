"""The credit check at submission: where the billing issue plugs in.

``order_submit`` calls ``check_credit(order)`` inside its transaction before a number is
given; a refusal aborts the submission with the message shown to the buyer. Until billing
exists (invoices, payments, balances and credit limits per legal entity), every order passes.
Billing replaces the body of this function: debt + this order's total vs the credit limit of
``order.legal_entity``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Order


@dataclass(frozen=True)
class CreditCheck:
    ok: bool
    message: str = ""


def check_credit(order: Order) -> CreditCheck:
    """Delegates to ``portal.billing.credit.credit_check`` (block / warn per dealer)."""
    from portal.billing.credit import credit_check

    decision = credit_check(order)
    return CreditCheck(ok=decision.ok, message=decision.message)
