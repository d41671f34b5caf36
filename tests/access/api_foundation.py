"""The foundation's API: the token, ``me``, organisations, legal entities, people, invitations,
and the public schema and reference pages.

The same rules as the HTML pages (tests/access/web_foundation.py): a stranger's object is 404,
a visible one the caller may not act on is 403.
"""

from portal.organisations.roles import Role
from tests.access.matrix import LOGGED_IN, SEES, Entry, hidden_unless
from tests.access.owners import (
    anybody,
    may_create_child,
    on_object,
    sees_organisation,
    sees_people,
)
from tests.access.web_foundation import (
    BLOCK_SUB_A,
    BLOCKED_USER,
    BLOCKS_ORGANISATION,
    EDITS_LEGAL_ENTITIES,
    EMPLOYEE,
    INVITATION,
    LEGAL_ENTITY,
    MANAGE_SUB_A1,
    MANAGES_INVITATIONS,
    MANAGES_ORGANISATION,
    MANAGES_PEOPLE,
    NOT_MANAGING_SUB_A1,
    ORGANISATION,
    SEES_ORGANISATION,
    SEES_SIBLING,
    SEES_SUB_A1_PEOPLE,
    UNBLOCK,
    blocked_sibling,
    blocked_user_of_sub_a1,
    employee_of_sub_a1,
    invitation,
    legal_entity_of_sub_a1,
    sub_a1,
)
from tests.world import PASSWORD

HIDES_SUB_A1 = hidden_unless("sub_a1")
HIDES_SUB_A1_PEOPLE = LOGGED_IN - SEES_SUB_A1_PEOPLE


def new_sub_dealer(world) -> dict:
    return {"kind": "subdealer", "name": "Субдилер А2", "parent": world.dealer_a.pk}


def new_legal_entity(world) -> dict:
    return {
        "organisation": world.sub_a1.pk,
        "name": "ООО «Окна Севера»",
        "inn": "7707083893",
        "kpp": "773601001",
    }


def new_sub_dealer_of(world, owner: str) -> dict:
    return {"kind": "subdealer", "name": "Субдилер Н", "parent": world.orgs[owner].pk}


def new_legal_entity_of(world, owner: str) -> dict:
    return {**new_legal_entity(world), "organisation": world.orgs[owner].pk}


def new_invitation_of(world, owner: str) -> dict:
    return {
        "organisation": world.orgs[owner].pk,
        "email": "invited@example.test",
        "role": Role.EMPLOYEE,
    }


def json_entry(route: str, allow, **kwargs) -> Entry:
    return Entry(route, allow, content_type="json", **kwargs)


CREATES_CHILD = on_object(sees_organisation, may_create_child)

ENTRIES = [
    Entry("api:api-root", LOGGED_IN),
    Entry("api:schema", LOGGED_IN, public=True, note="describes the API, never data"),
    Entry("api:docs", LOGGED_IN, public=True),
    json_entry(
        "api:auth-token",
        LOGGED_IN,
        method="POST",
        public=True,
        data=lambda world: {"email": world.dealer_a_admin.email, "password": PASSWORD},
    ),
    Entry("api:me", LOGGED_IN),
    # Organisations
    Entry("api:organisation-list", LOGGED_IN),
    json_entry(
        "api:organisation-list",
        BLOCK_SUB_A,
        method="POST",
        data=new_sub_dealer,
        hidden=hidden_unless("dealer_a"),
        note="creating a sub-dealer under dealer A",
        owned_data=new_sub_dealer_of,
        rule=CREATES_CHILD,
    ),
    Entry(
        "api:organisation-detail",
        SEES["sub_a1"],
        args=sub_a1,
        hidden=HIDES_SUB_A1,
        rule=SEES_ORGANISATION,
        **ORGANISATION,
    ),
    json_entry(
        "api:organisation-detail",
        MANAGE_SUB_A1,
        args=sub_a1,
        method="PATCH",
        data=lambda world: {"region": "Тула", "phone": "+7 900 000-00-00"},
        hidden=HIDES_SUB_A1,
        rule=MANAGES_ORGANISATION,
        **ORGANISATION,
    ),
    json_entry(
        "api:organisation-block",
        BLOCK_SUB_A,
        args=sub_a1,
        method="POST",
        hidden=HIDES_SUB_A1,
        rule=BLOCKS_ORGANISATION,
        **ORGANISATION,
    ),
    json_entry(
        "api:organisation-unblock",
        BLOCK_SUB_A,
        args=blocked_sibling,
        method="POST",
        hidden=LOGGED_IN - SEES_SIBLING,
        rule=BLOCKS_ORGANISATION,
        **UNBLOCK,
    ),
    # Legal entities
    Entry("api:legal-entity-list", LOGGED_IN),
    json_entry(
        "api:legal-entity-list",
        MANAGE_SUB_A1,
        method="POST",
        data=new_legal_entity,
        hidden=HIDES_SUB_A1,
        owner="sub_a1",
        owned_data=new_legal_entity_of,
        rule=EDITS_LEGAL_ENTITIES,
    ),
    Entry(
        "api:legal-entity-detail",
        SEES["sub_a1"],
        args=legal_entity_of_sub_a1,
        hidden=HIDES_SUB_A1,
        rule=SEES_ORGANISATION,
        **LEGAL_ENTITY,
    ),
    json_entry(
        "api:legal-entity-detail",
        MANAGE_SUB_A1,
        args=legal_entity_of_sub_a1,
        method="PATCH",
        data=lambda world: {"address": "Москва, ул. Лесная, 1"},
        hidden=HIDES_SUB_A1,
        rule=EDITS_LEGAL_ENTITIES,
        **LEGAL_ENTITY,
    ),
    # People
    Entry("api:user-list", LOGGED_IN),
    Entry(
        "api:user-detail",
        SEES_SUB_A1_PEOPLE,
        args=employee_of_sub_a1,
        hidden=HIDES_SUB_A1_PEOPLE,
        rule=on_object(sees_people, anybody),
        **EMPLOYEE,
    ),
    json_entry(
        "api:user-role",
        MANAGE_SUB_A1,
        args=employee_of_sub_a1,
        method="POST",
        data=lambda world: {"role": Role.ADMIN},
        hidden=HIDES_SUB_A1_PEOPLE,
        rule=MANAGES_PEOPLE,
        **EMPLOYEE,
    ),
    json_entry(
        "api:user-block",
        MANAGE_SUB_A1,
        args=employee_of_sub_a1,
        method="POST",
        hidden=HIDES_SUB_A1_PEOPLE,
        rule=MANAGES_PEOPLE,
        **EMPLOYEE,
    ),
    json_entry(
        "api:user-unblock",
        MANAGE_SUB_A1,
        args=blocked_user_of_sub_a1,
        method="POST",
        hidden=HIDES_SUB_A1_PEOPLE,
        rule=MANAGES_PEOPLE,
        **BLOCKED_USER,
    ),
    # Invitations: only those who manage a company see its invitations at all.
    Entry("api:invitation-list", LOGGED_IN),
    json_entry(
        "api:invitation-list",
        MANAGE_SUB_A1,
        method="POST",
        data=lambda world: {
            "organisation": world.sub_a1.pk,
            "email": "invited@example.test",
            "role": Role.EMPLOYEE,
        },
        hidden=HIDES_SUB_A1,
        owner="sub_a1",
        owned_data=new_invitation_of,
        rule=MANAGES_ORGANISATION,
    ),
    Entry(
        "api:invitation-detail",
        MANAGE_SUB_A1,
        args=invitation,
        hidden=NOT_MANAGING_SUB_A1,
        rule=MANAGES_INVITATIONS,
        **INVITATION,
    ),
    json_entry(
        "api:invitation-revoke",
        MANAGE_SUB_A1,
        args=invitation,
        method="POST",
        hidden=NOT_MANAGING_SUB_A1,
        rule=MANAGES_INVITATIONS,
        **INVITATION,
    ),
]
