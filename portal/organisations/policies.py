"""May this actor do this? One function per decision; services and views both ask here."""

from .actor import Actor
from .models import PARENT_KIND, Organisation, OrganisationKind
from .roles import RANK, ROLES_BY_KIND, Role


def manages(actor: Actor, organisation: Organisation) -> bool:
    """The actor administers this company: its own (as admin), or one below it."""
    if not actor.is_admin:
        return False
    if actor.is_factory:
        return True
    if organisation.pk == actor.organisation_id:
        return True
    return actor.is_dealer and organisation.parent_id == actor.organisation_id


def can_create_organisation(actor: Actor, *, kind: str, parent: Organisation) -> bool:
    if not actor.is_admin or PARENT_KIND.get(kind) != parent.kind:
        return False
    if actor.is_factory:
        return kind in (OrganisationKind.DEALER, OrganisationKind.SUBDEALER)
    return (
        actor.is_dealer
        and kind == OrganisationKind.SUBDEALER
        and parent.pk == actor.organisation_id
    )


def can_update_organisation(actor: Actor, organisation: Organisation) -> bool:
    return manages(actor, organisation)


def can_assign_manager(actor: Actor) -> bool:
    return actor.is_factory and actor.is_admin


def can_block_organisation(actor: Actor, organisation: Organisation) -> bool:
    """Nobody blocks their own company or the factory."""
    if organisation.kind == OrganisationKind.FACTORY or organisation.pk == actor.organisation_id:
        return False
    return manages(actor, organisation)


def can_manage_users(actor: Actor, organisation: Organisation) -> bool:
    return manages(actor, organisation)


def role_refusal(actor: Actor, organisation: Organisation, role: str) -> str | None:
    """Why the actor may not give ``role`` in ``organisation`` (None when it may)."""
    if role not in ROLES_BY_KIND[organisation.kind]:
        if role == Role.MANAGER:
            return "Роль «Менеджер» есть только у сотрудников завода."
        return (
            f"В организации типа «{organisation.get_kind_display()}» нет роли «{Role(role).label}»."
        )
    if not can_manage_users(actor, organisation):
        return "Управлять пользователями этой организации может только её администратор."
    if organisation.pk == actor.organisation_id and RANK[role] > RANK[actor.role]:
        return "Нельзя назначить роль выше своей."
    return None


def can_edit_legal_entities(actor: Actor, organisation: Organisation) -> bool:
    if manages(actor, organisation):
        return True
    return actor.role == Role.ACCOUNTANT and organisation.pk == actor.organisation_id


def can_view_audit(actor: Actor) -> bool:
    return actor.is_admin
