"""May this actor do this with money? Services and interfaces both ask here.

Seeing money is ``visible_to`` (models/visibility.py); these answer what one may *do*:

- issue or cancel an invoice: a factory accountant or admin, or the factory manager of the
  buyer's dealer;
- register, apply, reverse and import payments: a factory accountant;
- set a credit limit: a factory accountant or admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.organisations.roles import Role

if TYPE_CHECKING:
    from portal.organisations.actor import Actor
    from portal.organisations.models import LegalEntity


def _manages_buyer(actor: Actor, buyer: LegalEntity) -> bool:
    return actor.role == Role.MANAGER and buyer.organisation.manager_id == actor.user_id


def can_issue_invoice(actor: Actor, buyer: LegalEntity) -> bool:
    if not actor.is_factory:
        return False
    return actor.role in (Role.ACCOUNTANT, Role.ADMIN) or _manages_buyer(actor, buyer)


def can_cancel_invoice(actor: Actor, buyer: LegalEntity) -> bool:
    return can_issue_invoice(actor, buyer)


def can_manage_payments(actor: Actor) -> bool:
    return actor.is_factory and actor.role == Role.ACCOUNTANT


def can_set_credit_limit(actor: Actor) -> bool:
    return actor.is_factory and actor.role in (Role.ACCOUNTANT, Role.ADMIN)


def can_see_money(actor: Actor) -> bool:
    """Sub-dealers never see the money pages at all; everyone else sees their part."""
    return not actor.is_subdealer
