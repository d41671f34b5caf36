"""The top bar and the navigation, chosen by the actor's organisation kind and role.

The bar keeps the daily work (orders, catalog, cart, documents); an admin's administration
pages (company, users, prices, 1C, the audit log) sit in one «Управление» menu.
"""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from portal.billing.policies import can_see_money
from portal.exchange.policies import can_import_catalog
from portal.orders.policies import can_create_order
from portal.organisations.roles import Role
from portal.pricing.policies import can_manage_dealer_terms, can_manage_subdealer_prices
from portal.pricing.visibility import may_explain_prices

from .fixed_urls import fixed_url, url_pattern, with_id
from .top_bar_counts import top_bar_counts
from .views.orders_list import may_moderate


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


def navigation(request):
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"actor": None, "nav_items": [], "nav_admin": [], "nav_current": None}
    # Built only when a template shows the navigation (not for htmx partials): the bell's and
    # the cart's counts are a query.
    counts = SimpleLazyObject(lambda: top_bar_counts(actor))
    nav = SimpleLazyObject(lambda: _navigation(actor, request.path, counts.cart_lines))
    return {
        "actor": actor,
        "nav_items": SimpleLazyObject(lambda: nav["items"]),
        "nav_admin": SimpleLazyObject(lambda: nav["admin"]),
        "nav_current": SimpleLazyObject(lambda: nav["current"]),
        "unread_notifications": SimpleLazyObject(lambda: counts.unread_notifications),
    }


def _navigation(actor, path: str, cart_lines: int) -> dict:
    items, admin = work_items(actor, cart_lines), admin_items(actor)
    return {"items": items, "admin": admin, "current": current_item([*items, *admin], path)}


def current_item(items: list[NavItem], path: str) -> NavItem | None:
    """The item of this page: the one whose address is the longest start of the path (a
    sub-dealer's card /organisations/7/ belongs under «Субдилеры» /organisations/, the own
    company's pages under «Моя компания» /organisations/<own>/); «Главная» only for itself."""
    matches = [i for i in items if i.url == path or (i.url != "/" and path.startswith(i.url))]
    return max(matches, key=lambda item: len(item.url), default=None)


def work_items(actor, cart_lines: int) -> list[NavItem]:
    """The daily work: what everybody of the role opens every day."""
    items = [
        NavItem(_("Главная"), fixed_url("web:home")),
        NavItem(_("Заказы"), fixed_url("orders:list")),
    ]
    if may_moderate(actor):
        items.append(NavItem(_("Модерация"), fixed_url("orders:moderation")))
    items += [
        NavItem(_("Каталог"), fixed_url("catalog:list")),
        NavItem(_("Конфигуратор"), fixed_url("configurator:list")),
    ]
    if can_create_order(actor):
        items.append(_cart_item(cart_lines))
    if can_see_money(actor):
        items.append(NavItem(_("Документы"), fixed_url("billing:invoices")))
    if actor.is_admin:
        return items
    # Without the «Управление» menu, the few company pages a role has stay in the bar.
    if actor.is_factory:
        dealers = _("Мои дилеры") if actor.role == Role.MANAGER else _("Дилеры")
        items.append(NavItem(dealers, fixed_url("organisations:list")))
    if actor.role != Role.MANAGER:
        items.append(_company_item(actor))
    return items


def admin_items(actor) -> list[NavItem]:
    """An admin's «Управление» menu: the company, its users and partners, prices, the log."""
    if not actor.is_admin:
        return []
    organisations = fixed_url("organisations:list")
    items = [_company_item(actor)]
    if actor.is_factory:
        items.append(NavItem(_("Дилеры"), organisations))
    elif actor.is_dealer:
        items.append(NavItem(_("Субдилеры"), organisations))
    items.append(NavItem(_("Пользователи"), fixed_url("users:list")))
    if can_manage_dealer_terms(actor):
        items += [
            NavItem(_("Цены дилеров"), fixed_url("catalog:pricing_dealers")),
            NavItem(_("Акции"), fixed_url("catalog:pricing_promotions")),
        ]
    if can_manage_subdealer_prices(actor):
        items.append(NavItem(_("Цены субдилеров"), fixed_url("catalog:pricing_subdealers")))
    if may_explain_prices(actor):
        items.append(NavItem(_("Проверка цены"), fixed_url("catalog:pricing_check")))
    if can_import_catalog(actor):
        items.append(NavItem(_("Обмен с 1С"), fixed_url("exchange:list")))
    items.append(NavItem(_("Журнал"), fixed_url("audit:list")))
    return items


def _company_item(actor) -> NavItem:
    return NavItem(
        _("Моя компания"), with_id(url_pattern("organisations:detail"), actor.organisation_id)
    )


def _cart_item(lines: int) -> NavItem:
    """«Корзина» with the number of its lines."""
    return NavItem(_("Корзина (%d)") % lines if lines else _("Корзина"), fixed_url("cart:detail"))
