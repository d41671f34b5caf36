"""The owner dimension of the access matrix: the same URL for objects of every company.

An owned entry builds its object for any of ``OWNERS`` and has a ``rule`` giving the expected
answer for a role and an owner. The rules are written from the product's access rules (the
``visible_to`` querysets and ``policies.py``) in terms of the world's tree, never from what the
pages answer: e.g. for dealer A's roles ``dealer_a`` is their own company, ``sub_a1`` their
sub-dealer, ``dealer_b`` and ``sub_b1`` strangers; for sub-dealer A1's roles ``dealer_a`` is
their parent dealer.
"""

from __future__ import annotations

from collections.abc import Callable

from portal.organisations.roles import Role
from tests.world import USERS

OWNERS = ("dealer_a", "sub_a1", "dealer_b", "sub_b1")
DEALERS = ("dealer_a", "dealer_b")

# ``sub_a2``/``sub_b2`` are second sub-dealers some entries make (a blocked one to unblock).
KIND = {
    "factory": "factory",
    "dealer_a": "dealer",
    "dealer_b": "dealer",
    "sub_a1": "subdealer",
    "sub_b1": "subdealer",
    "sub_a2": "subdealer",
    "sub_b2": "subdealer",
}
PARENT = {
    "dealer_a": "factory",
    "dealer_b": "factory",
    "sub_a1": "dealer_a",
    "sub_b1": "dealer_b",
    "sub_a2": "dealer_a",
    "sub_b2": "dealer_b",
}
MANAGER = {"dealer_a": "manager_a", "dealer_b": "manager_b"}
ORDERING_ROLES = (Role.ADMIN, Role.EMPLOYEE)

Predicate = Callable[[str, str], bool]
Rule = Callable[[str, str], str]


def org(role: str) -> str:
    return USERS[role][0]


def role_of(role: str) -> str:
    return USERS[role][1]


def kind(role: str) -> str:
    return KIND[org(role)]


def dealer_of(owner: str) -> str:
    return owner if KIND[owner] == "dealer" else PARENT[owner]


def _factory_sees(role: str, owner: str) -> bool:
    """Factory admin and accountant see every dealer; a manager only the assigned ones."""
    return role_of(role) in (Role.ADMIN, Role.ACCOUNTANT) or MANAGER[dealer_of(owner)] == role


# Who sees what (the visible_to querysets).


def sees_organisation(role: str, owner: str) -> bool:
    """Organisation.visible_to: the factory as above; a dealer itself and its sub-dealers;
    a sub-dealer itself and its dealer."""
    if kind(role) == "factory":
        return _factory_sees(role, owner)
    if kind(role) == "dealer":
        return owner == org(role) or PARENT[owner] == org(role)
    return owner in (org(role), PARENT[org(role)])


def sees_people(role: str, owner: str) -> bool:
    """User.visible_to: the factory whom it sees; a dealer admin its company and sub-dealers;
    anybody else their own company."""
    if kind(role) == "factory":
        return _factory_sees(role, owner)
    if kind(role) == "dealer" and role_of(role) == Role.ADMIN:
        return owner == org(role) or PARENT[owner] == org(role)
    return owner == org(role)


def sees_money(role: str, owner: str) -> bool:
    """billing money_filter over dealers' legal entities (selectors.money_entities): the
    factory admin and accountant all, a manager the dealers assigned to them, a dealer its
    own; sub-dealers nothing, and a sub-dealer has no money with the factory at all."""
    if KIND[owner] != "dealer":
        return False
    if kind(role) == "factory":
        if role_of(role) in (Role.ADMIN, Role.ACCOUNTANT):
            return True
        return KIND[owner] == "dealer" and MANAGER[owner] == role
    return kind(role) == "dealer" and owner == org(role)


def sees_order(role: str, owner: str) -> bool:
    """Order.visible_to for a submitted order bought by ``owner`` from its parent: the
    factory sees what it sells to the dealers it sees; a dealer its own orders and its
    sub-dealers' orders to it; a sub-dealer its own."""
    seller = PARENT[owner]
    if kind(role) == "factory":
        return seller == "factory" and _factory_sees(role, owner)
    return org(role) in (owner, seller) if kind(role) == "dealer" else org(role) == owner


def sees_draft(role: str, owner: str) -> bool:
    """A draft is its buyer company's only."""
    return org(role) == owner


def own_company(role: str, owner: str) -> bool:
    return org(role) == owner


# What one may do (policies).


def manages(role: str, owner: str) -> bool:
    """organisations.policies.manages: an admin of the factory, of the company itself, or of
    its dealer."""
    if role_of(role) != Role.ADMIN:
        return False
    return kind(role) == "factory" or owner == org(role) or PARENT[owner] == org(role)


def may_block(role: str, owner: str) -> bool:
    """Nobody blocks their own company."""
    return owner != org(role) and manages(role, owner)


def may_edit_legal_entities(role: str, owner: str) -> bool:
    return manages(role, owner) or (role_of(role) == Role.ACCOUNTANT and owner == org(role))


def is_buyer(role: str, owner: str) -> bool:
    return org(role) == owner and role_of(role) in ORDERING_ROLES


def is_moderator(role: str, owner: str) -> bool:
    """The seller's side: the factory admin or the dealer's manager; a dealer's admins and
    employees for its sub-dealers' orders."""
    if org(role) != PARENT[owner]:
        return False
    if kind(role) == "factory":
        return role_of(role) == Role.ADMIN or MANAGER[owner] == role
    return role_of(role) in ORDERING_ROLES


def is_party(role: str, owner: str) -> bool:
    return is_buyer(role, owner) or is_moderator(role, owner)


def may_create_child(role: str, owner: str) -> bool:
    """Sub-dealers are created under a dealer by the factory admin or that dealer's admin;
    nothing is created under a sub-dealer."""
    return (
        KIND[owner] == "dealer"
        and role_of(role) == Role.ADMIN
        and (kind(role) == "factory" or org(role) == owner)
    )


def may_issue_invoice(role: str, owner: str) -> bool:
    """billing.policies.can_issue_invoice: the factory accountant or admin, or the manager
    of the buyer company."""
    if kind(role) != "factory":
        return False
    return role_of(role) in (Role.ADMIN, Role.ACCOUNTANT) or MANAGER.get(owner) == role


def anybody(role: str, owner: str) -> bool:
    return True


def any_of(*predicates: Predicate) -> Predicate:
    return lambda role, owner: any(predicate(role, owner) for predicate in predicates)


def only(*roles: str) -> Predicate:
    """Roles named outright, whatever the owner (e.g. the factory accountant for payments)."""
    return lambda role, owner: role in roles


def on_object(sees: Predicate, may: Predicate, *, gate: frozenset[str] | None = None) -> Rule:
    """The usual answer: 403 for roles refused before the object is looked up (``gate``),
    404 when the role does not see the object, 200 when it may act, 403 otherwise."""

    def rule(role: str, owner: str) -> str:
        if gate is not None and role not in gate:
            return "forbidden"
        if not sees(role, owner):
            return "hidden"
        return "allow" if may(role, owner) else "forbidden"

    return rule


def personal(owner_user: dict[str, str]) -> Rule:
    """Personal objects (a notification, a saved view, a cart line): only the one person of
    each company who owns it reaches it; everybody else, colleagues too, gets 404."""
    return lambda role, owner: "allow" if owner_user[owner] == role else "hidden"


# The person of each company who owns a personal object, and who orders for it.
PERSON = {
    "dealer_a": "dealer_a_employee",
    "sub_a1": "sub_a1_employee",
    "dealer_b": "dealer_b_admin",
    "sub_b1": "sub_b1_admin",
}
