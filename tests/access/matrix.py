"""The access matrix: every URL of the portal × every kind of user.

Each ``Entry`` names a route, how to build its arguments for an object that belongs to dealer
A's tree (see tests/world.py), and who may use it. Everybody else who is logged in gets 403,
except the roles listed as ``hidden`` (they must not even learn the object exists: 404);
anonymous users are sent to the login page (HTML) or get 401/403 (API).

An entry whose URL names an object of a company is also *owned*: ``owned(world, owner)``
builds the same kind of object for each company in ``owners`` and ``rule(role, owner)`` gives
the answer expected there (see tests/access/owners.py). ``owner`` is the company whose object
``args`` builds; the rule must agree with ``allow``/``hidden`` for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.access.owners import OWNERS
from tests.world import USERS, World

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, *USERS)
LOGGED_IN = frozenset(USERS)

FACTORY = frozenset({"factory_admin", "manager_a", "manager_b", "accountant"})
FACTORY_ALL_DEALERS = frozenset({"factory_admin", "accountant"})
DEALER_A = frozenset({"dealer_a_admin", "dealer_a_employee", "dealer_a_accountant"})
SUB_A1 = frozenset({"sub_a1_admin", "sub_a1_employee"})
DEALER_B_TREE = frozenset({"dealer_b_admin", "sub_b1_admin"})
ADMINS = frozenset(
    {"factory_admin", "dealer_a_admin", "sub_a1_admin", "dealer_b_admin", "sub_b1_admin"}
)

# Who sees an object of each organisation of the world (organisations.visible_to):
SEES = {
    "factory": LOGGED_IN - SUB_A1 - {"sub_b1_admin"},
    "dealer_a": FACTORY_ALL_DEALERS | {"manager_a"} | DEALER_A | SUB_A1,
    "sub_a1": FACTORY_ALL_DEALERS | {"manager_a"} | DEALER_A | SUB_A1,
    "dealer_b": FACTORY_ALL_DEALERS | {"manager_b"} | DEALER_B_TREE,
    "sub_b1": FACTORY_ALL_DEALERS | {"manager_b"} | DEALER_B_TREE,
}


def hidden_unless(org: str) -> frozenset[str]:
    """Everybody logged in who does not see ``org`` gets 404 for its objects."""
    return LOGGED_IN - SEES[org]


Args = Callable[[World], dict[str, Any]]
OwnedArgs = Callable[[World, str], dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    route: str
    allow: frozenset[str]
    args: Args | None = None
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None
    hidden: frozenset[str] = frozenset()
    public: bool = False  # anonymous users are allowed too
    content_type: str | None = None  # "json" for API writes
    ok: tuple[int, ...] = (200, 201, 204, 302)
    ends_at_login: bool = False  # success itself leads to the login page (signing out)
    note: str = ""
    # The owner dimension (see the module docstring); unset for URLs that name no company's object.
    owned: OwnedArgs | None = None
    owned_data: OwnedArgs | None = None  # for an object named in the body, not the URL
    rule: Callable[[str, str], str] | None = None
    owner: str = "dealer_a"
    owners: tuple[str, ...] = OWNERS

    def expected(self, role: str) -> str:
        if role == ANONYMOUS:
            return "allow" if self.public else "login"
        if role in self.allow:
            return "allow"
        if role in self.hidden:
            return "hidden"
        return "forbidden"

    @property
    def is_owned(self) -> bool:
        return self.owned is not None or self.owned_data is not None

    def expected_for(self, role: str, owner: str) -> str:
        """The answer for ``role`` on the object of ``owner`` (an owned entry)."""
        assert self.rule is not None, f"{self.route} has no owner rule"
        if role == ANONYMOUS:
            return self.expected(role)
        return self.rule(role, owner)


@dataclass
class Registry:
    entries: list[Entry] = field(default_factory=list)

    def add(self, *entries: Entry) -> None:
        self.entries.extend(entries)

    def routes(self) -> set[str]:
        return {entry.route for entry in self.entries}
