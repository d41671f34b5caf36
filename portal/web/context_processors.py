"""The top bar and the navigation, chosen by the actor's organisation kind and role."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from portal.organisations.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    section: str  # the URL namespace whose pages belong under this item
    own_company: bool = False


def navigation(request):
    actor = getattr(request, "actor", None)
    items = nav_items(actor) if actor is not None else []
    match = getattr(request, "resolver_match", None)
    section = match.namespace if match else ""
    # The item whose page this is; then the own company's sub-pages; otherwise the section's
    # list (a sub-dealer's card belongs under «Субдилеры», not under «Моя компания»).
    current = (
        next((item for item in items if item.url == request.path), None)
        or next((i for i in items if i.own_company and request.path.startswith(i.url)), None)
        or next((i for i in items if i.section == section and not i.own_company), None)
    )
    return {"actor": actor, "nav_items": items, "nav_current": current}


def nav_items(actor) -> list[NavItem]:
    home = NavItem(_("Главная"), reverse("web:home"), "web")
    company = NavItem(
        _("Моя компания"),
        reverse("organisations:detail", args=[actor.organisation_id]),
        "organisations",
        own_company=True,
    )
    organisations = reverse("organisations:list")
    users = NavItem(_("Пользователи"), reverse("users:list"), "users")
    audit = NavItem(_("Журнал"), reverse("audit:list"), "audit")
    if actor.is_factory:
        if actor.is_admin:
            return [home, NavItem(_("Дилеры"), organisations, "organisations"), users, audit]
        if actor.role == Role.MANAGER:
            return [home, NavItem(_("Мои дилеры"), organisations, "organisations")]
        return [home, NavItem(_("Дилеры"), organisations, "organisations"), company]
    if not actor.is_admin:
        return [home, company]
    if actor.is_dealer:
        subdealers = NavItem(_("Субдилеры"), organisations, "organisations")
        return [home, company, subdealers, users, audit]
    return [home, company, users, audit]
