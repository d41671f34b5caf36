"""Roles of a user inside their organisation, and which roles each kind of organisation has."""

from django.db import models

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
