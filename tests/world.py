"""A small world for tests: the factory with its staff, dealer A with sub-dealer A1,
dealer B (the stranger) with sub-dealer B1.

Users are named by what they are, so a test reads like the access rule it checks:
``factory_admin``, ``manager_a`` (manages dealer A), ``manager_b``, ``accountant``,
``dealer_a_admin``, ``dealer_a_employee``, ``dealer_a_accountant``, ``sub_a1_admin``,
``sub_a1_employee``, ``dealer_b_admin``, ``sub_b1_admin``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.test import Client

from portal.accounts.models import User
from portal.organisations.actor import Actor, actor_for_user
from portal.organisations.models import LegalEntity, Organisation, OrganisationKind
from portal.organisations.roles import Role

PASSWORD = "correct-horse-battery-staple"

USERS = {
    # name: (organisation key, role)
    "factory_admin": ("factory", Role.ADMIN),
    "manager_a": ("factory", Role.MANAGER),
    "manager_b": ("factory", Role.MANAGER),
    "accountant": ("factory", Role.ACCOUNTANT),
    "dealer_a_admin": ("dealer_a", Role.ADMIN),
    "dealer_a_employee": ("dealer_a", Role.EMPLOYEE),
    "dealer_a_accountant": ("dealer_a", Role.ACCOUNTANT),
    "sub_a1_admin": ("sub_a1", Role.ADMIN),
    "sub_a1_employee": ("sub_a1", Role.EMPLOYEE),
    "dealer_b_admin": ("dealer_b", Role.ADMIN),
    "sub_b1_admin": ("sub_b1", Role.ADMIN),
}

# Valid requisites (checksums hold) for the legal entities of the world.
INNS = {
    "factory": "7700010014",
    "dealer_a": "7700020012",
    "dealer_b": "7700020037",
    "sub_a1": "7700030028",
    "sub_b1": "7700020044",
}


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    legal_entities: dict[str, LegalEntity] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        user = User.objects.select_related("organisation__parent").get(pk=self.users[name].pk)
        actor = actor_for_user(user, ip="127.0.0.1")
        assert actor is not None, f"{name} cannot act"
        return actor

    def client(self, name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(self.users[name], backend="portal.accounts.backends.EmailBackend")
        return client

    def __getattr__(self, name: str):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        orgs = self.__dict__.get("orgs", {})
        if name in orgs:
            return orgs[name]
        raise AttributeError(name)


def build_world() -> World:
    world = World()
    factory = Organisation.objects.create(kind=OrganisationKind.FACTORY, name="Завод")
    dealer_a = Organisation.objects.create(
        kind=OrganisationKind.DEALER, parent=factory, name="Дилер А"
    )
    dealer_b = Organisation.objects.create(
        kind=OrganisationKind.DEALER, parent=factory, name="Дилер Б"
    )
    sub_a1 = Organisation.objects.create(
        kind=OrganisationKind.SUBDEALER, parent=dealer_a, name="Субдилер А1"
    )
    sub_b1 = Organisation.objects.create(
        kind=OrganisationKind.SUBDEALER, parent=dealer_b, name="Субдилер Б1"
    )
    world.orgs = {
        "factory": factory,
        "dealer_a": dealer_a,
        "dealer_b": dealer_b,
        "sub_a1": sub_a1,
        "sub_b1": sub_b1,
    }
    for name, (org_key, role) in USERS.items():
        world.users[name] = User.objects.create_user(
            f"{name}@example.test",
            PASSWORD,
            full_name=name.replace("_", " ").title(),
            organisation=world.orgs[org_key],
            role=role,
        )
    dealer_a.manager = world.users["manager_a"]
    dealer_a.save()
    dealer_b.manager = world.users["manager_b"]
    dealer_b.save()
    for key, inn in INNS.items():
        world.legal_entities[key] = LegalEntity.objects.create(
            organisation=world.orgs[key],
            name=f"ООО «{world.orgs[key].name}»",
            inn=inn,
            kpp="770101001",
        )
    return world
