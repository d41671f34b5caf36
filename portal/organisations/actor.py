"""The Actor: who is acting, for which organisation, with which role.

Built once per request by the middleware, the same way by the API authentication and by
background jobs, so every access rule reads the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .models import Organisation, OrganisationKind
from .roles import Role

if TYPE_CHECKING:
    from portal.accounts.models import User


@dataclass(frozen=True)
class Actor:
    user: User
    organisation: Organisation
    role: str
    ip: str | None = None

    @property
    def user_id(self) -> int:
        return self.user.pk

    @property
    def organisation_id(self) -> int:
        return self.organisation.pk

    @property
    def kind(self) -> str:
        return self.organisation.kind

    @property
    def is_factory(self) -> bool:
        return self.kind == OrganisationKind.FACTORY

    @property
    def is_dealer(self) -> bool:
        return self.kind == OrganisationKind.DEALER

    @property
    def is_subdealer(self) -> bool:
        return self.kind == OrganisationKind.SUBDEALER

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_all_dealers(self) -> bool:
        """Factory admins and accountants see every dealer; a manager only their own."""
        return self.is_factory and self.role in (Role.ADMIN, Role.ACCOUNTANT)

    @property
    def dealer_id(self) -> int | None:
        return self.organisation.dealer_id

    def with_ip(self, ip: str | None) -> Actor:
        return Actor(user=self.user, organisation=self.organisation, role=self.role, ip=ip)


def organisation_is_open(organisation: Organisation) -> bool:
    """A blocked company blocks its users; a blocked dealer blocks its sub-dealers too."""
    if organisation.is_blocked:
        return False
    parent = organisation.parent
    return parent is None or not parent.is_blocked


def actor_for_user(user, *, ip: str | None = None) -> Actor | None:
    """The Actor of a logged-in user, or None when the user may not act at all."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    organisation = getattr(user, "organisation", None)
    if organisation is None or not organisation_is_open(organisation):
        return None
    return Actor(user=user, organisation=organisation, role=user.role, ip=ip)
