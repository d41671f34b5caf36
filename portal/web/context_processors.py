"""The top bar and the navigation, chosen by the actor's organisation kind and role."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from portal.notifications.selectors import unread_count
from portal.orders.models import CartLine
from portal.orders.policies import can_create_order
from portal.organisations.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    section: str  # the URL namespace whose pages belong under this item
    own_company: bool = False


def navigation(request):
    actor = getattr(request, "actor", None)
    items = [*nav_items(actor), *cart_items(actor)] if actor is not None else []
    match = getattr(request, "resolver_match", None)
    section = match.namespace if match else ""
    # The item whose page this is; then the own company's sub-pages; otherwise the section's
    # list (a sub-dealer's card belongs under «Субдилеры», not under «Моя компания»).
    current = (
        next((item for item in items if item.url == request.path), None)
        or next((i for i in items if i.own_company and request.path.startswith(i.url)), None)
        or next((i for i in items if i.section == section and not i.own_company), None)
    )
    unread = SimpleLazyObject(lambda: unread_count(actor)) if actor is not None else 0
    return {
        "actor": actor,
        "nav_items": items,
        "nav_current": current,
        "unread_notifications": unread,
    }


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
    work = _order_items(actor) + _present(
        _area(_("Каталог"), "catalog:list"), _area(_("Конфигуратор"), "configurator:list")
    )
    if actor.is_factory:
        if actor.is_admin:
            dealers = NavItem(_("Дилеры"), organisations, "organisations")
            exchange = _area(_("Обмен с 1С"), "exchange:list")
            return [home, *work, dealers, users, audit, *_present(exchange)]
        if actor.role == Role.MANAGER:
            return [home, *work, NavItem(_("Мои дилеры"), organisations, "organisations")]
        return [home, *work, NavItem(_("Дилеры"), organisations, "organisations"), company]
    if not actor.is_admin:
        return [home, *work, company]
    if actor.is_dealer:
        subdealers = NavItem(_("Субдилеры"), organisations, "organisations")
        return [home, *work, company, subdealers, users, audit]
    return [home, *work, company, users, audit]


def _order_items(actor) -> list[NavItem]:
    """«Заказы» for everybody; «Модерация» for those who moderate orders."""
    items = [NavItem(_("Заказы"), reverse("orders:list"), "orders")]
    if actor.is_factory:
        moderates = actor.role in (Role.ADMIN, Role.MANAGER)
    else:
        moderates = actor.is_dealer and actor.role in (Role.ADMIN, Role.EMPLOYEE)
    if moderates:
        items.append(NavItem(_("Модерация"), reverse("orders:moderation"), "orders"))
    return items


def _area(label: str, route: str) -> NavItem | None:
    """The item of an area whose pages may not be mounted yet (its URL module still a stub)."""
    try:
        url = reverse(route)
    except NoReverseMatch:
        return None
    return NavItem(label, url, route.split(":")[0])


def _present(*items: NavItem | None) -> list[NavItem]:
    return [item for item in items if item is not None]


def cart_items(actor) -> list[NavItem]:
    """«Корзина» with the number of its lines, for those who place orders."""
    if not can_create_order(actor):
        return []
    count = CartLine.objects.filter(cart__user_id=actor.user_id).count()
    label = _("Корзина (%d)") % count if count else _("Корзина")
    return [NavItem(label, reverse("cart:detail"), "cart")]
