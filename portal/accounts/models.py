"""Users log in by e-mail and belong to exactly one organisation with one role."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from portal.organisations.models import Organisation
from portal.organisations.roles import Role

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


class UserQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> UserQuerySet:
        """People the actor may see: colleagues, and the users of organisations it manages.

        Factory staff see users of every organisation they see; a dealer admin sees its own
        company and its sub-dealers; everybody else sees their own company only.
        """
        if actor.is_factory:
            return self.filter(organisation__in=Organisation.objects.visible_to(actor))
        if actor.is_dealer and actor.is_admin:
            return self.filter(
                Q(organisation_id=actor.organisation_id)
                | Q(organisation__parent_id=actor.organisation_id)
            )
        return self.filter(organisation_id=actor.organisation_id)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email__iexact=username)

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("e-mail обязателен")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mail", unique=True)
    full_name = models.CharField("имя и фамилия", max_length=150)
    phone = models.CharField("телефон", max_length=40, blank=True)
    position = models.CharField("должность", max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="организация",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField("роль", max_length=16, choices=Role.choices, default=Role.EMPLOYEE)
    is_active = models.BooleanField(
        "активен", default=True, help_text="Снимите, чтобы заблокировать вход."
    )
    is_staff = models.BooleanField("доступ к админке Django", default=False)
    date_joined = models.DateTimeField("зарегистрирован", default=timezone.now)
    language = models.CharField(
        "язык интерфейса", max_length=8, choices=settings.LANGUAGES, default="ru"
    )
    sessions_ended_at = models.DateTimeField(
        "сессии завершены",
        null=True,
        blank=True,
        editable=False,
        help_text="Сессии, открытые до этого момента, больше не действуют (ставится при блокировке).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "пользователь"
        verbose_name_plural = "пользователи"
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                name="user_has_organisation_unless_superuser",
                condition=Q(organisation__isnull=False) | Q(is_superuser=True),
            ),
            models.CheckConstraint(name="user_role_valid", condition=Q(role__in=Role.values)),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> InvitationQuerySet:
        return self.filter(organisation__in=Organisation.objects.managed_by(actor))

    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A one-time link that lets a person set a password and join an organisation.

    Only the SHA-256 of the token is stored; the token itself travels in the e-mail.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField("e-mail")
    full_name = models.CharField("имя и фамилия", max_length=150, blank=True)
    role = models.CharField("роль", max_length=16, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "приглашение"
        verbose_name_plural = "приглашения"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
