"""Roles of a user inside their organisation, and which roles each kind of organisation has."""

from django.db import models
from django.utils.translation import gettext_noop

from .models import OrganisationKind


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    MANAGER = "manager", "Менеджер"
    ACCOUNTANT = "accountant", "Бухгалтер"
    EMPLOYEE = "employee", "Сотрудник"


ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.FACTORY: (Role.ADMIN, Role.MANAGER, Role.ACCOUNTANT),
    OrganisationKind.DEALER: (Role.ADMIN, Role.EMPLOYEE, Role.ACCOUNTANT),
    OrganisationKind.SUBDEALER: (Role.ADMIN, Role.EMPLOYEE),
}

# An admin outranks everyone else in the same company; nobody grants a rank above their own.
RANK = {Role.ADMIN: 2, Role.MANAGER: 1, Role.ACCOUNTANT: 1, Role.EMPLOYEE: 1}


def role_label(kind: str, role: str) -> str:
    """«Администратор дилера», «Менеджер завода», … for lists and headers."""
    owner = {
        OrganisationKind.FACTORY: "завода",
        OrganisationKind.DEALER: "дилера",
        OrganisationKind.SUBDEALER: "субдилера",
    }[kind]
    return f"{Role(role).label} {owner}"


# Role names stay Russian here (e-mails, the API and refusals use them); the pages translate them
# when they show them, so the catalogue needs every name ``Role`` and ``role_label`` can give.
INTERFACE_NAMES = (
    gettext_noop("Администратор"),
    gettext_noop("Менеджер"),
    gettext_noop("Бухгалтер"),
    gettext_noop("Сотрудник"),
    gettext_noop("Администратор завода"),
    gettext_noop("Менеджер завода"),
    gettext_noop("Бухгалтер завода"),
    gettext_noop("Администратор дилера"),
    gettext_noop("Сотрудник дилера"),
    gettext_noop("Бухгалтер дилера"),
    gettext_noop("Администратор субдилера"),
    gettext_noop("Сотрудник субдилера"),
)
