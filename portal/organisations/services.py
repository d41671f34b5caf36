"""Use-cases on organisations and legal entities: atomic, locked, checked, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.audit.services import audit_record, diff, snapshot
from portal.core.errors import DomainError, PermissionDenied

from . import policies
from .actor import Actor
from .models import LegalEntity, Organisation, OrganisationKind, OrganisationStatus
from .roles import Role
from .selectors import legal_entity_get_for, organisation_get_for

ORGANISATION_FIELDS = ["name", "region", "email", "phone"]
LEGAL_ENTITY_FIELDS = [
    "name",
    "inn",
    "kpp",
    "ogrn",
    "address",
    "bank_name",
    "bik",
    "account",
    "corr_account",
    "is_active",
]


def _locked_organisation(actor: Actor, organisation_id: int) -> Organisation:
    organisation_get_for(actor, organisation_id)  # 404 for missing and for not-yours
    return (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("parent")
        .get(pk=organisation_id)
    )


def _resolve_manager(manager_id: int | None):
    if manager_id is None:
        return None
    from portal.accounts.models import User

    manager = User.objects.filter(
        pk=manager_id,
        role=Role.MANAGER,
        organisation__kind=OrganisationKind.FACTORY,
        is_active=True,
    ).first()
    if manager is None:
        raise DomainError("Менеджером дилера может быть только менеджер завода.", field="manager")
    return manager


def _validated(instance, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        name = None if field == "__all__" else field
        raise DomainError(messages[0], field=name) from None


@transaction.atomic
def organisation_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    parent_id: int | None = None,
    region: str = "",
    email: str = "",
    phone: str = "",
    manager_id: int | None = None,
) -> Organisation:
    """The factory admin creates dealers; a dealer admin creates its own sub-dealers."""
    if kind not in (OrganisationKind.DEALER, OrganisationKind.SUBDEALER):
        raise DomainError("Можно создать только дилера или субдилера.", field="kind")
    if parent_id is None:
        parent_id = actor.organisation_id
    parent = organisation_get_for(actor, parent_id)
    if not policies.can_create_organisation(actor, kind=kind, parent=parent):
        if kind == OrganisationKind.DEALER:
            raise PermissionDenied("Дилеров создаёт администратор завода.")
        raise PermissionDenied("Субдилеров создаёт администратор их дилера.")
    if manager_id is not None and not policies.can_assign_manager(actor):
        raise PermissionDenied("Менеджера дилеру назначает администратор завода.")
    organisation = Organisation(
        kind=kind,
        parent=parent,
        name=name.strip(),
        region=region.strip(),
        email=email.strip(),
        phone=phone.strip(),
        manager=_resolve_manager(manager_id) if kind == OrganisationKind.DEALER else None,
    )
    _validated(organisation, exclude=["parent", "manager"])
    if Organisation.objects.filter(parent=parent, name__iexact=organisation.name).exists():
        raise DomainError(f"Организация «{organisation.name}» уже есть.", field="name")
    organisation.save()
    audit_record(
        action="organisation_created",
        actor=actor,
        organisation=organisation,
        obj=organisation,
        changes={"kind": kind, "name": organisation.name, "parent": parent.name},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Actor, organisation_id: int, manager_id: int | None = None, **fields
) -> Organisation:
    organisation = _locked_organisation(actor, organisation_id)
    if not policies.can_update_organisation(actor, organisation):
        raise PermissionDenied("Изменять данные организации может её администратор.")
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise DomainError(f"Эти поля менять нельзя: {', '.join(sorted(unknown))}.")
    before = snapshot(organisation, [*ORGANISATION_FIELDS, "manager_id"])
    for name, value in fields.items():
        setattr(organisation, name, (value or "").strip())
    if manager_id is not None and manager_id != organisation.manager_id:
        if not policies.can_assign_manager(actor):
            raise PermissionDenied("Менеджера дилеру назначает администратор завода.")
        if organisation.kind != OrganisationKind.DEALER:
            raise DomainError("Менеджер назначается только дилеру.", field="manager")
        organisation.manager = _resolve_manager(manager_id)
    _validated(organisation, exclude=["parent", "manager"])
    if (
        Organisation.objects.filter(parent=organisation.parent, name__iexact=organisation.name)
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise DomainError(f"Организация «{organisation.name}» уже есть.", field="name")
    changes = diff(organisation, before, [*ORGANISATION_FIELDS, "manager_id"])
    if changes:
        organisation.save()
        audit_record(
            action="organisation_updated",
            actor=actor,
            organisation=organisation,
            obj=organisation,
            changes=changes,
        )
    return organisation


@transaction.atomic
def organisation_set_blocked(*, actor: Actor, organisation_id: int, blocked: bool) -> Organisation:
    """Blocking takes effect on the users' very next request (the Actor is refused) and ends
    the sessions of the company's people — and a dealer's sub-dealers' — for good."""
    organisation = _locked_organisation(actor, organisation_id)
    if not policies.can_block_organisation(actor, organisation):
        raise PermissionDenied("Блокировать эту организацию вы не можете.")
    status = OrganisationStatus.BLOCKED if blocked else OrganisationStatus.ACTIVE
    if organisation.status == status:
        return organisation
    organisation.status = status
    organisation.save(update_fields=["status", "updated_at"])
    if blocked:
        _end_sessions_of(organisation)
    audit_record(
        action="organisation_blocked" if blocked else "organisation_unblocked",
        actor=actor,
        organisation=organisation,
        obj=organisation,
    )
    return organisation


def _end_sessions_of(organisation: Organisation) -> None:
    """One UPDATE for the people of the company and of the sub-dealers under it."""
    from portal.accounts.models import User

    User.objects.filter(
        Q(organisation_id=organisation.pk) | Q(organisation__parent_id=organisation.pk)
    ).update(sessions_ended_at=timezone.now())


@transaction.atomic
def legal_entity_create(*, actor: Actor, organisation_id: int, **data) -> LegalEntity:
    organisation = _locked_organisation(actor, organisation_id)
    if not policies.can_edit_legal_entities(actor, organisation):
        raise PermissionDenied("Юрлица организации ведут её администратор и бухгалтер.")
    entity = LegalEntity(organisation=organisation)
    _assign_legal_entity(entity, data)
    try:
        with transaction.atomic():
            entity.save()
    except IntegrityError:
        raise DomainError("Юрлицо с такими ИНН и КПП уже есть.", field="inn") from None
    audit_record(
        action="legal_entity_created",
        actor=actor,
        organisation=organisation,
        obj=entity,
        changes={"inn": entity.inn, "kpp": entity.kpp, "name": entity.name},
    )
    return entity


@transaction.atomic
def legal_entity_update(*, actor: Actor, legal_entity_id: int, **data) -> LegalEntity:
    legal_entity_get_for(actor, legal_entity_id)  # 404 for missing and for not-yours
    entity = (
        LegalEntity.objects.select_for_update()
        .select_related("organisation")
        .get(pk=legal_entity_id)
    )
    if not policies.can_edit_legal_entities(actor, entity.organisation):
        raise PermissionDenied("Юрлица организации ведут её администратор и бухгалтер.")
    before = snapshot(entity, LEGAL_ENTITY_FIELDS)
    _assign_legal_entity(entity, data)
    changes = diff(entity, before, LEGAL_ENTITY_FIELDS)
    if changes:
        try:
            with transaction.atomic():
                entity.save()
        except IntegrityError:
            raise DomainError("Юрлицо с такими ИНН и КПП уже есть.", field="inn") from None
        audit_record(
            action="legal_entity_updated",
            actor=actor,
            organisation=entity.organisation,
            obj=entity,
            changes=changes,
        )
    return entity


def _assign_legal_entity(entity: LegalEntity, data: dict) -> None:
    unknown = set(data) - set(LEGAL_ENTITY_FIELDS)
    if unknown:
        raise DomainError(f"Эти поля менять нельзя: {', '.join(sorted(unknown))}.")
    for name, value in data.items():
        setattr(entity, name, value.strip() if isinstance(value, str) else value)
    entity.kpp = entity.kpp.upper()
    _validated(entity, exclude=["organisation"])
