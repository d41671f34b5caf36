"""Whose money an actor sees, as a filter on a legal entity path (``buyer``, ``payer``, …).

- factory admin and accountant: every legal entity;
- factory manager: legal entities of the dealers assigned to them;
- dealer (any role): its own legal entities;
- sub-dealer: nothing — the dealer's invoices, payments and balance are not theirs to see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from portal.organisations.models import OrganisationKind
from portal.organisations.roles import Role

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

NOTHING = Q(pk__in=[])


def money_filter(actor: Actor, path: str) -> Q:
    """``Q`` selecting rows whose legal entity at ``path`` the actor may see the money of
    (``path=""``: the LegalEntity rows themselves)."""
    prefix = f"{path}__" if path else ""
    if actor.is_factory:
        if actor.sees_all_dealers:
            return Q()
        if actor.role == Role.MANAGER:
            return Q(
                **{
                    f"{prefix}organisation__manager_id": actor.user_id,
                    f"{prefix}organisation__kind": OrganisationKind.DEALER,
                }
            )
        return NOTHING
    if actor.is_dealer:
        return Q(**{f"{prefix}organisation_id": actor.organisation_id})
    return NOTHING
