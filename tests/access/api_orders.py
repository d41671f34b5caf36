"""The orders API (/api/v1/orders/…): the same rules as the order pages (web_orders.py). An
order of dealer A to the factory is 404 for everybody outside its two sides; each verb belongs
to one side, the other gets 403; only people of dealers and sub-dealers who place orders
create them."""

from portal.orders.models import OrderUnit
from tests.access.matrix import LOGGED_IN, Entry
from tests.access.web_orders import (
    BUYER,
    MODERATOR,
    NOT_SEEING,
    NOT_SEEING_DRAFT,
    SEES_ORDER,
    latest,
    order_at,
    owned,
    versioned,
)

# Admins and employees of dealers and sub-dealers (orders.policies.can_create_order).
ORDERING = frozenset(
    {
        "dealer_a_admin",
        "dealer_a_employee",
        "sub_a1_admin",
        "sub_a1_employee",
        "dealer_b_admin",
        "sub_b1_admin",
    }
)
REFUSED_BY_RULES = (400,)


def _api(
    route, allow, args=None, data=None, *, method="POST", hidden=NOT_SEEING, stage=None, **kwargs
):
    """An API entry; ``stage`` names the order stage ``args`` builds, for the owner dimension."""
    if stage is not None:
        kwargs.update(owned(stage, allow))
    return Entry(
        route,
        allow=allow,
        args=args,
        method=method,
        data=data,
        hidden=hidden,
        content_type="json",
        **kwargs,
    )


def lines_change(world) -> dict:
    order = latest()
    return {"version": order.version, "changes": [{"line": order.lines.get().pk, "quantity": "3"}]}


def add_offer(world) -> dict:
    return {"offer": latest().lines.get().offer_id, "quantity": "1"}


def units_of_latest(world) -> dict:
    units = OrderUnit.objects.filter(line__order=latest()).values_list("pk", flat=True)
    return {"units": list(units), "shipment_document": "ОТГ-1"}


ENTRIES = [
    Entry("api:order-list", allow=LOGGED_IN),
    _api(
        "api:order-list",
        ORDERING,
        data=lambda world: {"colour": "Белый", "buyer_notes": "через API"},
        hidden=frozenset(),
    ),
    _api(
        "api:order-from-cart",
        ORDERING,
        hidden=frozenset(),
        ok=REFUSED_BY_RULES,
        note="the cart is empty: refused by the rules (400) for those who may order",
    ),
    _api(
        "api:order-quick",
        ORDERING,
        data=lambda world: {"text": "НЕТ-ТАКОГО 1"},
        hidden=frozenset(),
        note="an unknown article: the answer lists it and creates nothing",
    ),
    Entry(
        "api:order-import-preview",
        allow=ORDERING,
        method="POST",
        ok=REFUSED_BY_RULES,
        note="a form without the file: refused by validation (400) for those who may import",
    ),
    _api(
        "api:order-import-accept",
        ORDERING,
        data=lambda world: {"token": "stale"},
        hidden=frozenset(),
        ok=REFUSED_BY_RULES,
        note="a token that is not a preview's: refused (400)",
    ),
    Entry(
        "api:order-detail",
        allow=SEES_ORDER,
        args=order_at("on_moderation"),
        hidden=NOT_SEEING,
        **owned("on_moderation", SEES_ORDER),
    ),
    _api(
        "api:order-detail",
        BUYER,
        order_at("draft"),
        versioned(buyer_notes="Позвонить"),
        method="PATCH",
        hidden=NOT_SEEING_DRAFT,
        stage="draft",
    ),
    _api(
        "api:order-lines",
        BUYER,
        order_at("draft"),
        lines_change,
        hidden=NOT_SEEING_DRAFT,
        stage="draft",
    ),
    _api(
        "api:order-add-line",
        BUYER,
        order_at("draft"),
        add_offer,
        hidden=NOT_SEEING_DRAFT,
        stage="draft",
    ),
    _api(
        "api:order-submit",
        BUYER,
        order_at("draft"),
        versioned(),
        hidden=NOT_SEEING_DRAFT,
        stage="draft",
    ),
    _api("api:order-copy", BUYER, order_at("on_moderation"), stage="on_moderation"),
    _api(
        "api:order-change-lines",
        MODERATOR,
        order_at("on_moderation"),
        lines_change,
        stage="on_moderation",
    ),
    _api(
        "api:order-ask",
        MODERATOR,
        order_at("on_moderation"),
        versioned(text="Цвет?"),
        stage="on_moderation",
    ),
    _api(
        "api:order-confirm",
        MODERATOR,
        order_at("on_moderation"),
        versioned(),
        stage="on_moderation",
    ),
    _api(
        "api:order-reject",
        MODERATOR,
        order_at("on_moderation"),
        versioned(reason="Нет"),
        stage="on_moderation",
    ),
    _api(
        "api:order-answer",
        BUYER,
        order_at("awaiting_answer"),
        versioned(text="Белый"),
        stage="awaiting_answer",
    ),
    _api(
        "api:order-accept-changes",
        BUYER,
        order_at("awaiting_answer"),
        versioned(),
        stage="awaiting_answer",
    ),
    _api(
        "api:order-cancel",
        BUYER | MODERATOR,
        order_at("on_moderation"),
        versioned(),
        ok=(200, 400),
        note="the seller is a party too: refused by the status (400) before confirmation",
        stage="on_moderation",
    ),
    _api("api:order-hand-to-1c", MODERATOR, order_at("confirmed"), versioned(), stage="confirmed"),
    _api(
        "api:order-start-production",
        MODERATOR,
        order_at("moderated"),
        versioned(),
        stage="moderated",
    ),
    Entry(
        "api:order-units",
        allow=SEES_ORDER,
        args=order_at("in_production"),
        hidden=NOT_SEEING,
        **owned("in_production", SEES_ORDER),
    ),
    _api(
        "api:order-units-ready",
        MODERATOR,
        order_at("in_production"),
        units_of_latest,
        stage="in_production",
    ),
    _api(
        "api:order-units-ship",
        MODERATOR,
        order_at("in_production"),
        units_of_latest,
        ok=REFUSED_BY_RULES,
        note="units not ready yet: refused by their status (400) for the seller",
        stage="in_production",
    ),
    _api(
        "api:order-units-receive",
        BUYER,
        order_at("in_production"),
        units_of_latest,
        ok=REFUSED_BY_RULES,
        note="units not shipped yet: refused by their status (400) for the buyer",
        stage="in_production",
    ),
    _api(
        "api:order-units-sell",
        BUYER,
        order_at("in_production"),
        units_of_latest,
        ok=REFUSED_BY_RULES,
        note="units not at the dealer yet: refused by their status (400) for the buyer",
        stage="in_production",
    ),
    Entry(
        "api:order-comments",
        allow=SEES_ORDER,
        args=order_at("on_moderation"),
        hidden=NOT_SEEING,
        **owned("on_moderation", SEES_ORDER),
    ),
    _api(
        "api:order-comments",
        SEES_ORDER,
        order_at("on_moderation"),
        lambda world: {"text": "Комментарий"},
        stage="on_moderation",
    ),
]
