"""Use-cases on people: invitations, roles, blocking, profile."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.audit.services import audit_record
from portal.core.errors import DomainError, PermissionDenied
from portal.core.mail import queue_mail
from portal.organisations import policies
from portal.organisations.actor import Actor
from portal.organisations.models import Organisation
from portal.organisations.roles import Role, role_label
from portal.organisations.selectors import organisation_get_for

from .models import Invitation, User, hash_token


def user_get_for(actor: Actor, user_id: int) -> User:
    return get_object_or_404(
        User.objects.visible_to(actor).select_related("organisation__parent"), pk=user_id
    )


def invitation_get_for(actor: Actor, invitation_id: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.visible_to(actor).select_related("organisation"), pk=invitation_id
    )


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError("Укажите корректный e-mail.", field="email") from None
    return email


@transaction.atomic
def invitation_send(
    *, actor: Actor, organisation_id: int, email: str, role: str, full_name: str = ""
) -> tuple[Invitation, str]:
    """Invite a person into an organisation the actor manages; returns the invitation and the
    one-time token (only its hash is stored)."""
    organisation = organisation_get_for(actor, organisation_id)
    if not policies.can_manage_users(actor, organisation):
        raise PermissionDenied("Приглашать в эту организацию может только её администратор.")
    refusal = policies.role_refusal(actor, organisation, role)
    if refusal:
        raise DomainError(refusal, field="role")
    email = _clean_email(email)
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(f"Пользователь с e-mail {email} уже есть.", field="email")
    # Re-inviting the same address replaces the previous pending link.
    Invitation.objects.pending().filter(email__iexact=email).update(revoked_at=timezone.now())
    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        full_name=full_name.strip(),
        role=role,
        token_hash=hash_token(token),
        invited_by=actor.user,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    audit_record(
        action="invitation_sent",
        actor=actor,
        organisation=organisation,
        obj=invitation,
        changes={"email": email, "role": role},
    )
    queue_mail(
        to=email,
        template="emails/invitation",
        context={
            "invitation": invitation,
            "role_label": role_label(organisation.kind, role),
            "link": f"{settings.SITE_URL}/invite/{token}/",
            "inviter": actor.user,
            "ttl_days": settings.INVITATION_TTL_DAYS,
        },
    )
    return invitation, token


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation_id: int) -> Invitation:
    invitation = invitation_get_for(actor, invitation_id)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != "pending":
        raise DomainError("Это приглашение уже не действует.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        action="invitation_revoked",
        actor=actor,
        organisation=invitation.organisation,
        obj=invitation,
    )
    return invitation


def invitation_find(token: str) -> Invitation:
    """The invitation behind a link; a clear message for a used, revoked or expired one."""
    invitation = (
        Invitation.objects.select_related("organisation__parent")
        .filter(token_hash=hash_token(token or ""))
        .first()
    )
    if invitation is None:
        raise DomainError("Ссылка-приглашение не найдена. Попросите администратора прислать новую.")
    state = invitation.state
    if state == "accepted":
        raise DomainError("Это приглашение уже использовано. Войдите со своим e-mail и паролем.")
    if state == "revoked":
        raise DomainError("Это приглашение отозвано. Попросите администратора прислать новое.")
    if state == "expired":
        raise DomainError(
            "Срок действия приглашения истёк. Попросите администратора прислать новое."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str, ip: str | None = None) -> User:
    invitation = invitation_find(token)
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.state != "pending":
        raise DomainError("Это приглашение уже не действует.")
    full_name = full_name.strip()
    if not full_name:
        raise DomainError("Укажите имя и фамилию.", field="full_name")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise DomainError("Пользователь с этим e-mail уже зарегистрирован.", field="email")
    candidate = User(email=invitation.email, full_name=full_name)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from None
    user = User.objects.create_user(
        invitation.email,
        password,
        full_name=full_name,
        organisation=invitation.organisation,
        role=invitation.role,
    )
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    audit_record(
        action="invitation_accepted",
        user=user,
        organisation=invitation.organisation,
        obj=user,
        ip=ip,
        changes={"role": invitation.role},
    )
    return user


def _locked_user(actor: Actor, user_id: int) -> User:
    user_get_for(actor, user_id)  # 404 for missing and for not-yours
    return (
        User.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=user_id)
    )


def _other_admins(user: User) -> bool:
    return (
        User.objects.filter(organisation_id=user.organisation_id, role=Role.ADMIN, is_active=True)
        .exclude(pk=user.pk)
        .exists()
    )


@transaction.atomic
def user_change_role(*, actor: Actor, user_id: int, role: str) -> User:
    user = _locked_user(actor, user_id)
    refusal = policies.role_refusal(actor, user.organisation, role)
    if refusal:
        if "администратор" in refusal and not policies.can_manage_users(actor, user.organisation):
            raise PermissionDenied(refusal)
        raise DomainError(refusal, field="role")
    if user.role == role:
        return user
    if user.role == Role.ADMIN and not _other_admins(user):
        raise DomainError("Это единственный администратор организации — сначала назначьте другого.")
    old = user.role
    user.role = role
    user.save(update_fields=["role"])
    audit_record(
        action="user_role_changed",
        actor=actor,
        organisation=user.organisation,
        obj=user,
        changes={"role": [old, role]},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: Actor, user_id: int, active: bool) -> User:
    """Blocking a user ends every session of theirs at once (the backend refuses inactive users)
    and for good: a session opened before the block stays dead after an unblock."""
    user = _locked_user(actor, user_id)
    if not policies.can_manage_users(actor, user.organisation):
        raise PermissionDenied("Блокировать пользователей может администратор их организации.")
    if user.pk == actor.user_id:
        raise DomainError("Нельзя заблокировать самого себя.")
    if user.is_active == active:
        return user
    if not active and user.role == Role.ADMIN and not _other_admins(user):
        raise DomainError("Это единственный администратор организации — сначала назначьте другого.")
    user.is_active = active
    if not active:
        user.sessions_ended_at = timezone.now()
    user.save(update_fields=["is_active", "sessions_ended_at"])
    audit_record(
        action="user_unblocked" if active else "user_blocked",
        actor=actor,
        organisation=user.organisation,
        obj=user,
    )
    return user


@transaction.atomic
def user_update_profile(
    *, actor: Actor, full_name: str, phone: str = "", position: str = "", language: str = "ru"
) -> User:
    user = User.objects.select_for_update().get(pk=actor.user_id)
    full_name = full_name.strip()
    if not full_name:
        raise DomainError("Укажите имя и фамилию.", field="full_name")
    if language not in dict(settings.LANGUAGES):
        raise DomainError("Неизвестный язык интерфейса.", field="language")
    changes = {}
    for name, value in (
        ("full_name", full_name),
        ("phone", phone.strip()),
        ("position", position.strip()),
        ("language", language),
    ):
        if getattr(user, name) != value:
            changes[name] = [getattr(user, name), value]
            setattr(user, name, value)
    if changes:
        user.save(update_fields=list(changes))
        audit_record(
            action="user_updated",
            actor=actor,
            organisation=user.organisation,
            obj=user,
            changes=changes,
        )
    return user


def organisation_admin_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.users.filter(role=Role.ADMIN, is_active=True).values_list("email", flat=True)
    )
