"""Who may see which price, and who may see how it was made. The one place for both rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Q, QuerySet, Value, When

from portal.organisations.models import Organisation, OrganisationKind

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def may_see_price(viewer: Actor | None, organisation: Organisation) -> bool:
    """Factory staff see every company's price; a dealer its own and its sub-dealers';
    a sub-dealer only its own. ``viewer=None`` is the system acting for ``organisation``."""
    if viewer is None or viewer.is_factory:
        return True
    if organisation.pk == viewer.organisation_id:
        return True
    return viewer.is_dealer and organisation.parent_id == viewer.organisation_id


def may_see_breakdown(viewer: Actor | None, organisation: Organisation) -> bool:
    """The steps of a price (factory price, discounts, the dealer's purchase price, mark-up)
    are shown to factory staff and to the dealer; a sub-dealer's price is never explained to
    the sub-dealer, and the system acting for a sub-dealer gets no steps either."""
    if organisation.kind != OrganisationKind.SUBDEALER:
        return may_see_price(viewer, organisation)
    if viewer is None:
        return False
    return viewer.is_factory or viewer.organisation_id == organisation.parent_id


def may_explain_prices(viewer: Actor) -> bool:
    """«Почему такая цена» for the viewer's own prices: everyone but sub-dealers."""
    return not viewer.is_subdealer


def explained_companies(viewer: Actor) -> QuerySet[Organisation]:
    """The dealers and sub-dealers whose prices ``viewer`` may ask about, with the steps (the
    price check, the configurator's «Цена для»): those it sees (``visible_to``), each dealer
    followed by its sub-dealers. A dealer sees itself and its own; a sub-dealer asks for none."""
    if not may_explain_prices(viewer):
        return Organisation.objects.none()
    subdealer = Q(kind=OrganisationKind.SUBDEALER)
    return (
        Organisation.objects.visible_to(viewer)
        .filter(kind__in=(OrganisationKind.DEALER, OrganisationKind.SUBDEALER))
        .alias(
            dealer_name=Case(When(subdealer, then="parent__name"), default="name"),
            dealer_id=Case(When(subdealer, then="parent_id"), default="id"),
            under=Case(When(subdealer, then=Value(1)), default=Value(0)),
        )
        .order_by("dealer_name", "dealer_id", "under", "name")
    )
