"""May this actor change these prices? Services and views both ask here."""

from portal.organisations.actor import Actor
from portal.organisations.models import Organisation, OrganisationKind


def can_manage_dealer_terms(actor: Actor) -> bool:
    """Price types, discounts and promotions of dealers: the factory admin only."""
    return actor.is_factory and actor.is_admin


def can_manage_subdealer_prices(actor: Actor, subdealer: Organisation | None = None) -> bool:
    """Mark-ups and fixed prices for a dealer's sub-dealers: that dealer's admin only.

    ``subdealer=None`` is a rule for all of the actor's sub-dealers.
    """
    if not (actor.is_dealer and actor.is_admin):
        return False
    if subdealer is None:
        return True
    return (
        subdealer.kind == OrganisationKind.SUBDEALER
        and subdealer.parent_id == actor.organisation_id
    )
