"""The foundation's HTML pages: sign-in, home, companies, people, the audit log, the profile.

Objects belong to dealer A's tree (mostly sub-dealer A1), so dealer B's tree is the stranger.
"""

from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.models import Invitation, User, hash_token
from portal.organisations.models import Organisation, OrganisationKind, OrganisationStatus
from portal.organisations.roles import Role
from tests.access.matrix import (
    ADMINS,
    DEALER_A,
    FACTORY_ALL_DEALERS,
    LOGGED_IN,
    SEES,
    SUB_A1,
    Entry,
    hidden_unless,
)
from tests.access.owners import (
    PARENT,
    anybody,
    manages,
    may_block,
    may_create_child,
    may_edit_legal_entities,
    on_object,
    sees_organisation,
    sees_people,
)
from tests.world import PASSWORD

SUBDEALERS = SUB_A1 | {"sub_b1_admin"}
# Who manages sub-dealer A1 (policies.manages): the factory admin, its dealer's admin, its own.
MANAGE_SUB_A1 = frozenset({"factory_admin", "dealer_a_admin", "sub_a1_admin"})
# Who may block or unblock a sub-dealer of dealer A (nobody blocks their own company).
BLOCK_SUB_A = frozenset({"factory_admin", "dealer_a_admin"})
# Who sees another sub-dealer of dealer A (a sub-dealer sees only itself and its dealer).
SEES_SIBLING = FACTORY_ALL_DEALERS | {"manager_a"} | DEALER_A
# Who sees the people of sub-dealer A1 (accounts.User.visible_to).
SEES_SUB_A1_PEOPLE = FACTORY_ALL_DEALERS | {"manager_a", "dealer_a_admin"} | SUB_A1
# Invitations are visible only to those who manage the company (Invitation.visible_to).
NOT_MANAGING_SUB_A1 = LOGGED_IN - MANAGE_SUB_A1


def sub_a1(world) -> dict:
    return {"pk": world.sub_a1.pk}


def dealer_a(world) -> dict:
    return {"pk": world.dealer_a.pk}


def blocked_sibling(world) -> dict:
    """A second, blocked sub-dealer of dealer A: unblocking it is a real change."""
    sibling = Organisation.objects.create(
        kind=OrganisationKind.SUBDEALER,
        parent=world.dealer_a,
        name="Субдилер А2",
        status=OrganisationStatus.BLOCKED,
    )
    return {"pk": sibling.pk}


def legal_entity_of_sub_a1(world) -> dict:
    return {"pk": world.legal_entities["sub_a1"].pk}


def employee_of_sub_a1(world) -> dict:
    return {"pk": world.sub_a1_employee.pk}


def blocked_user_of_sub_a1(world) -> dict:
    user = User.objects.create_user(
        "blocked@example.test",
        PASSWORD,
        full_name="Заблокированный Сотрудник",
        organisation=world.sub_a1,
        role=Role.EMPLOYEE,
        is_active=False,
    )
    return {"pk": user.pk}


def invitation_token(world) -> str:
    """A pending invitation into sub-dealer A1; the raw token (only its hash is stored)."""
    token = Invitation.new_token()
    Invitation.objects.create(
        organisation=world.sub_a1,
        email="newcomer@example.test",
        role=Role.EMPLOYEE,
        token_hash=hash_token(token),
        invited_by=world.sub_a1_admin,
        expires_at=timezone.now() + timedelta(days=7),
    )
    return token


def invitation(world) -> dict:
    invitation_token(world)
    return {"pk": Invitation.objects.get(email="newcomer@example.test").pk}


# The same objects for any company of the world (tests/access/owners.py).


def organisation_of(world, owner: str) -> dict:
    return {"pk": world.orgs[owner].pk}


def blocked_subdealer(world, owner: str) -> dict:
    """A blocked second sub-dealer (``sub_a2``/``sub_b2``) of the owner's dealer."""
    blocked = Organisation.objects.create(
        kind=OrganisationKind.SUBDEALER,
        parent=world.orgs[PARENT[owner]],
        name=f"Субдилер {owner}",
        status=OrganisationStatus.BLOCKED,
    )
    return {"pk": blocked.pk}


def legal_entity_of(world, owner: str) -> dict:
    return {"pk": world.legal_entities[owner].pk}


def employee_of(world, owner: str, *, is_active: bool = True) -> dict:
    user = User.objects.create_user(
        f"employee.{owner}@example.test",
        PASSWORD,
        full_name="Новый Сотрудник",
        organisation=world.orgs[owner],
        role=Role.EMPLOYEE,
        is_active=is_active,
    )
    return {"pk": user.pk}


def blocked_user_of(world, owner: str) -> dict:
    return employee_of(world, owner, is_active=False)


def invitation_of(world, owner: str) -> dict:
    invitation = Invitation.objects.create(
        organisation=world.orgs[owner],
        email=f"newcomer.{owner}@example.test",
        role=Role.EMPLOYEE,
        token_hash=hash_token(Invitation.new_token()),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return {"pk": invitation.pk}


ORGANISATION = {"owned": organisation_of, "owner": "sub_a1"}
SEES_ORGANISATION = on_object(sees_organisation, anybody)
MANAGES_ORGANISATION = on_object(sees_organisation, manages)
BLOCKS_ORGANISATION = on_object(sees_organisation, may_block)
EDITS_LEGAL_ENTITIES = on_object(sees_organisation, may_edit_legal_entities)
MANAGES_PEOPLE = on_object(sees_people, manages)
MANAGES_INVITATIONS = on_object(manages, manages)  # only managers see a company's invitations
UNBLOCK = {"owned": blocked_subdealer, "owner": "sub_a2", "owners": ("sub_a2", "sub_b2")}
LEGAL_ENTITY = {"owned": legal_entity_of, "owner": "sub_a1"}
EMPLOYEE = {"owned": employee_of, "owner": "sub_a1"}
BLOCKED_USER = {"owned": blocked_user_of, "owner": "sub_a1"}
INVITATION = {"owned": invitation_of, "owner": "sub_a1"}
CREATE_CHILD = {"owned": organisation_of, "rule": on_object(sees_organisation, may_create_child)}


def reset_link(world) -> dict:
    user = world.sub_a1_employee
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def legal_entity_form(world) -> dict:
    return {"name": "ООО «Окна Севера»", "inn": "7707083893", "kpp": "773601001", "is_active": "on"}


def organisation_form(world) -> dict:
    return {"name": "Новая организация", "region": "Тула", "email": "", "phone": ""}


ENTRIES = [
    Entry("web:home", LOGGED_IN),
    # Signing in and out, password reset and invitations are open to everybody.
    Entry("accounts:login", LOGGED_IN, public=True),
    Entry(
        "accounts:login",
        LOGGED_IN,
        method="POST",
        public=True,
        data=lambda world: {"username": world.dealer_a_admin.email, "password": PASSWORD},
    ),
    Entry(
        "accounts:logout",
        LOGGED_IN,
        method="POST",
        public=True,
        ends_at_login=True,
        note="GET answers 405: signing out is a POST",
    ),
    Entry("accounts:password_reset", LOGGED_IN, public=True),
    Entry(
        "accounts:password_reset",
        LOGGED_IN,
        method="POST",
        public=True,
        data=lambda world: {"email": world.sub_a1_employee.email},
    ),
    Entry("accounts:password_reset_done", LOGGED_IN, public=True),
    Entry("accounts:password_reset_complete", LOGGED_IN, public=True),
    Entry("accounts:password_reset_confirm", LOGGED_IN, args=reset_link, public=True),
    Entry(
        "accounts:invitation_accept",
        LOGGED_IN,
        args=lambda world: {"token": invitation_token(world)},
        public=True,
    ),
    Entry(
        "accounts:invitation_accept",
        LOGGED_IN,
        args=lambda world: {"token": invitation_token(world)},
        method="POST",
        public=True,
        data=lambda world: {
            "full_name": "Новый Сотрудник",
            "password1": "Sever-Profil-2026",
            "password2": "Sever-Profil-2026",
        },
    ),
    # Companies: a sub-dealer has no list of companies below it.
    Entry("organisations:list", LOGGED_IN - SUBDEALERS),
    Entry("organisations:create", frozenset({"factory_admin", "dealer_a_admin", "dealer_b_admin"})),
    Entry(
        "organisations:create",
        frozenset({"factory_admin", "dealer_a_admin", "dealer_b_admin"}),
        method="POST",
        data=organisation_form,
    ),
    Entry(
        "organisations:create_child",
        BLOCK_SUB_A,
        args=dealer_a,
        hidden=hidden_unless("dealer_a"),
        **CREATE_CHILD,
    ),
    Entry(
        "organisations:create_child",
        BLOCK_SUB_A,
        args=dealer_a,
        method="POST",
        data=organisation_form,
        hidden=hidden_unless("dealer_a"),
        **CREATE_CHILD,
    ),
    Entry(
        "organisations:detail",
        SEES["sub_a1"],
        args=sub_a1,
        hidden=hidden_unless("sub_a1"),
        rule=SEES_ORGANISATION,
        **ORGANISATION,
    ),
    Entry(
        "organisations:edit",
        MANAGE_SUB_A1,
        args=sub_a1,
        hidden=hidden_unless("sub_a1"),
        rule=MANAGES_ORGANISATION,
        **ORGANISATION,
    ),
    Entry(
        "organisations:edit",
        MANAGE_SUB_A1,
        args=sub_a1,
        method="POST",
        data=organisation_form,
        hidden=hidden_unless("sub_a1"),
        rule=MANAGES_ORGANISATION,
        **ORGANISATION,
    ),
    Entry(
        "organisations:block",
        BLOCK_SUB_A,
        args=sub_a1,
        method="POST",
        hidden=hidden_unless("sub_a1"),
        note="GET answers 405",
        rule=BLOCKS_ORGANISATION,
        **ORGANISATION,
    ),
    Entry(
        "organisations:unblock",
        BLOCK_SUB_A,
        args=blocked_sibling,
        method="POST",
        hidden=LOGGED_IN - SEES_SIBLING,
        rule=BLOCKS_ORGANISATION,
        **UNBLOCK,
    ),
    Entry(
        "organisations:legal_entity_create",
        MANAGE_SUB_A1,
        args=sub_a1,
        hidden=hidden_unless("sub_a1"),
        rule=EDITS_LEGAL_ENTITIES,
        **ORGANISATION,
    ),
    Entry(
        "organisations:legal_entity_create",
        MANAGE_SUB_A1,
        args=sub_a1,
        method="POST",
        data=legal_entity_form,
        hidden=hidden_unless("sub_a1"),
        rule=EDITS_LEGAL_ENTITIES,
        **ORGANISATION,
    ),
    Entry(
        "organisations:legal_entity_edit",
        MANAGE_SUB_A1,
        args=legal_entity_of_sub_a1,
        hidden=hidden_unless("sub_a1"),
        rule=EDITS_LEGAL_ENTITIES,
        **LEGAL_ENTITY,
    ),
    Entry(
        "organisations:legal_entity_edit",
        MANAGE_SUB_A1,
        args=legal_entity_of_sub_a1,
        method="POST",
        data=legal_entity_form,
        hidden=hidden_unless("sub_a1"),
        rule=EDITS_LEGAL_ENTITIES,
        **LEGAL_ENTITY,
    ),
    Entry(
        "organisations:invite",
        MANAGE_SUB_A1,
        args=sub_a1,
        hidden=hidden_unless("sub_a1"),
        rule=MANAGES_ORGANISATION,
        **ORGANISATION,
    ),
    Entry(
        "organisations:invite",
        MANAGE_SUB_A1,
        args=sub_a1,
        method="POST",
        data=lambda world: {"email": "invited@example.test", "role": Role.EMPLOYEE},
        hidden=hidden_unless("sub_a1"),
        rule=MANAGES_ORGANISATION,
        **ORGANISATION,
    ),
    Entry(
        "organisations:invitation_revoke",
        MANAGE_SUB_A1,
        args=invitation,
        method="POST",
        hidden=NOT_MANAGING_SUB_A1,
        rule=MANAGES_INVITATIONS,
        **INVITATION,
    ),
    # People: the list is for admins; the person acted on is an employee of sub-dealer A1.
    Entry("users:list", ADMINS),
    Entry(
        "users:role",
        MANAGE_SUB_A1,
        args=employee_of_sub_a1,
        method="POST",
        data=lambda world: {"role": Role.ADMIN},
        hidden=LOGGED_IN - SEES_SUB_A1_PEOPLE,
        rule=MANAGES_PEOPLE,
        **EMPLOYEE,
    ),
    Entry(
        "users:block",
        MANAGE_SUB_A1,
        args=employee_of_sub_a1,
        method="POST",
        hidden=LOGGED_IN - SEES_SUB_A1_PEOPLE,
        rule=MANAGES_PEOPLE,
        **EMPLOYEE,
    ),
    Entry(
        "users:unblock",
        MANAGE_SUB_A1,
        args=blocked_user_of_sub_a1,
        method="POST",
        hidden=LOGGED_IN - SEES_SUB_A1_PEOPLE,
        rule=MANAGES_PEOPLE,
        **BLOCKED_USER,
    ),
    Entry("audit:list", ADMINS),
    # One's own profile and password: everybody signed in.
    Entry("profile:edit", LOGGED_IN),
    Entry(
        "profile:edit",
        LOGGED_IN,
        method="POST",
        data=lambda world: {
            "full_name": "Иван Петров",
            "phone": "+7 900 000-00-00",
            "language": "ru",
        },
    ),
    Entry("profile:password", LOGGED_IN),
    Entry(
        "profile:password",
        LOGGED_IN,
        method="POST",
        data=lambda world: {
            "old_password": PASSWORD,
            "new_password1": "Sever-Profil-2026",
            "new_password2": "Sever-Profil-2026",
        },
    ),
]
