"""The foundation's API: the token, ``me``, organisations, legal entities, people, invitations,
and the public schema and reference pages.

The same rules as the HTML pages (tests/access/web_foundation.py): a stranger's object is 404,
a visible one the caller may not act on is 403.
"""

from portal.organisations.roles import Role
from tests.access.matrix import LOGGED_IN, SEES, Entry, hidden_unless
from tests.access.web_foundation import (
    BLOCK_SUB_A,
    MANAGE_SUB_A1,
    NOT_MANAGING_SUB_A1,
    SEES_SIBLING,
    SEES_SUB_A1_PEOPLE,
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


def json_entry(route: str, allow, **kwargs) -> Entry:
    return Entry(route, allow, content_type="json", **kwargs)


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
    ),
    Entry("api:organisation-detail", SEES["sub_a1"], args=sub_a1, hidden=HIDES_SUB_A1),
    json_entry(
        "api:organisation-detail",
        MANAGE_SUB_A1,
        args=sub_a1,
        method="PATCH",
        data=lambda world: {"region": "Тула", "phone": "+7 900 000-00-00"},
        hidden=HIDES_SUB_A1,
    ),
    json_entry(
        "api:organisation-block", BLOCK_SUB_A, args=sub_a1, method="POST", hidden=HIDES_SUB_A1
    ),
    json_entry(
        "api:organisation-unblock",
        BLOCK_SUB_A,
        args=blocked_sibling,
        method="POST",
        hidden=LOGGED_IN - SEES_SIBLING,
    ),
    # Legal entities
    Entry("api:legal-entity-list", LOGGED_IN),
    json_entry(
        "api:legal-entity-list",
        MANAGE_SUB_A1,
        method="POST",
        data=new_legal_entity,
        hidden=HIDES_SUB_A1,
    ),
    Entry(
        "api:legal-entity-detail", SEES["sub_a1"], args=legal_entity_of_sub_a1, hidden=HIDES_SUB_A1
    ),
    json_entry(
        "api:legal-entity-detail",
        MANAGE_SUB_A1,
        args=legal_entity_of_sub_a1,
        method="PATCH",
        data=lambda world: {"address": "Москва, ул. Лесная, 1"},
        hidden=HIDES_SUB_A1,
    ),
    # People
    Entry("api:user-list", LOGGED_IN),
    Entry(
        "api:user-detail",
        SEES_SUB_A1_PEOPLE,
        args=employee_of_sub_a1,
        hidden=HIDES_SUB_A1_PEOPLE,
    ),
    json_entry(
        "api:user-role",
        MANAGE_SUB_A1,
        args=employee_of_sub_a1,
        method="POST",
        data=lambda world: {"role": Role.ADMIN},
        hidden=HIDES_SUB_A1_PEOPLE,
    ),
    json_entry(
        "api:user-block",
        MANAGE_SUB_A1,
        args=employee_of_sub_a1,
        method="POST",
        hidden=HIDES_SUB_A1_PEOPLE,
    ),
    json_entry(
        "api:user-unblock",
        MANAGE_SUB_A1,
        args=blocked_user_of_sub_a1,
        method="POST",
        hidden=HIDES_SUB_A1_PEOPLE,
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
    ),
    Entry("api:invitation-detail", MANAGE_SUB_A1, args=invitation, hidden=NOT_MANAGING_SUB_A1),
    json_entry(
        "api:invitation-revoke",
        MANAGE_SUB_A1,
        args=invitation,
        method="POST",
        hidden=NOT_MANAGING_SUB_A1,
    ),
]
