"""The order pages: the list, the queue, an order of dealer A to the factory and its buttons,
its units. Nobody outside the order's two sides (and the factory staff who see dealer A)
learns it exists: 404. Each button belongs to one side: the other side gets 403."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.catalog.tests import builders
from portal.orders import services
from portal.orders.models import Order, OrderAttachment, OrderKind, OrderUnit, SavedOrderView
from portal.pricing.models import SubdealerMarkup
from tests.access.matrix import DEALER_A, LOGGED_IN, Entry
from tests.access.owners import (
    DEALERS,
    KIND,
    OWNERS,
    PARENT,
    PERSON,
    anybody,
    is_buyer,
    is_moderator,
    is_party,
    on_object,
    personal,
    sees_draft,
    sees_order,
)

# Who sees dealer A's orders to the factory (orders.Order.visible_to): not its sub-dealers.
SEES_ORDER = frozenset({"factory_admin", "accountant", "manager_a"}) | DEALER_A
NOT_SEEING = LOGGED_IN - SEES_ORDER
BUYER = frozenset({"dealer_a_admin", "dealer_a_employee"})
MODERATOR = frozenset({"factory_admin", "manager_a"})
# A draft is seen by its buyer's company only.
NOT_SEEING_DRAFT = LOGGED_IN - DEALER_A
MODERATES = frozenset(
    {
        "factory_admin",
        "manager_a",
        "manager_b",
        "dealer_a_admin",
        "dealer_a_employee",
        "dealer_b_admin",
    }
)


# Who orders for each company (tests/access/owners.py), and who moderates its orders.
SELLER_SIDE = {
    "dealer_a": "manager_a",
    "dealer_b": "manager_b",
    "sub_a1": "dealer_a_employee",
    "sub_b1": "dealer_b_admin",
}


def _draft(world, owner: str = "dealer_a") -> Order:
    offer = builders.product(
        "Дверь", prices={builders.price_type("Оптовая"): Decimal("1000")}, article="D-1"
    )
    if KIND[owner] == "subdealer":  # a sub-dealer buys at its dealer's mark-up
        SubdealerMarkup.objects.create(dealer=world.orgs[PARENT[owner]], percent=Decimal("10"))
    actor = world.actor(PERSON[owner])
    order = services.order_create(actor=actor, kind=OrderKind.MADE_TO_MEASURE)
    services.order_add_line(actor=actor, order_id=order.pk, offer_id=offer.pk, quantity="2")
    return order


def _order(world, stage: str = "on_moderation", owner: str = "dealer_a") -> Order:
    """An order bought by ``owner`` from its parent company, brought to ``stage``; the
    stages after confirmation are for orders to the factory only."""
    order = _draft(world, owner)
    if stage == "draft":
        return order
    services.order_submit(actor=world.actor(PERSON[owner]), order_id=order.pk)
    manager = world.actor(SELLER_SIDE[owner])
    steps = {
        "awaiting_answer": [_ask],
        "confirmed": [services.order_confirm],
        "moderated": [services.order_confirm, services.order_hand_to_1c],
        "in_production": [
            services.order_confirm,
            services.order_hand_to_1c,
            services.order_start_production,
        ],
    }
    for step in steps.get(stage, []):
        step(actor=manager, order_id=order.pk)
    return order


def _ask(*, actor, order_id):
    return services.order_ask_question(actor=actor, order_id=order_id, text="Какой цвет?")


def order_at(stage: str):
    return lambda world: {"pk": _order(world, stage).pk}


def owned_order_at(stage: str):
    return lambda world, owner: {"pk": _order(world, stage, owner).pk}


def latest() -> Order:
    return Order.objects.latest("pk")


def versioned(**extra):
    return lambda world: {"version": latest().version, **extra}


def line_change(world) -> dict:
    line = latest().lines.get()
    return {"version": latest().version, f"quantity-{line.pk}": "3"}


def units_ready(world) -> dict:
    units = OrderUnit.objects.filter(line__order=latest()).values_list("pk", flat=True)
    return {"step": "ready", "unit": list(units)}


def attachment(world) -> dict:
    order = _order(world)
    upload = SimpleUploadedFile("note.txt", "замеры".encode())
    services.order_comment_add(
        actor=world.actor("dealer_a_employee"), order_id=order.pk, text="файл", files=[upload]
    )
    return {"pk": OrderAttachment.objects.get().pk}


def owned_attachment(world, owner: str) -> dict:
    order = _order(world, owner=owner)
    upload = SimpleUploadedFile("note.txt", "замеры".encode())
    services.order_comment_add(
        actor=world.actor(PERSON[owner]), order_id=order.pk, text="файл", files=[upload]
    )
    return {"pk": OrderAttachment.objects.get().pk}


def unit(world) -> dict:
    return owned_unit(world, "dealer_a")


def owned_unit(world, owner: str) -> dict:
    order = _order(world, "in_production", owner)
    return {"pk": OrderUnit.objects.filter(line__order=order).order_by("pk").first().pk}


def saved_view(world) -> dict:
    return owned_saved_view(world, "dealer_a")


def owned_saved_view(world, owner: str) -> dict:
    view = SavedOrderView.objects.create(
        user=world.users[PERSON[owner]], name="Мой вид", query="status=on_moderation"
    )
    return {"pk": view.pk}


# The owner rules of the order pages (tests/access/owners.py).
SEES = on_object(sees_order, anybody)
BUYS = on_object(sees_order, is_buyer)
BUYS_DRAFT = on_object(sees_draft, is_buyer)
MODERATES_ORDER = on_object(sees_order, is_moderator)
IS_PARTY = on_object(sees_order, is_party)
# The rule of an entry follows from which side of dealer A's order it allows.
RULES = {BUYER: BUYS, MODERATOR: MODERATES_ORDER, SEES_ORDER: SEES, BUYER | MODERATOR: IS_PARTY}
# Only orders to the factory go on to 1C, production and units; a sub-dealer's confirmed order
# is bundled into its dealer's order instead, so these stages are built for dealers only.
LATER_STAGES = ("moderated", "in_production", "confirmed")


def owned(stage: str, allow: frozenset[str]) -> dict:
    """The owner dimension of an order entry: the same order of every company."""
    rule = BUYS_DRAFT if stage == "draft" else RULES[allow]
    owners = DEALERS if stage in LATER_STAGES else OWNERS
    return {"owned": owned_order_at(stage), "rule": rule, "owners": owners}


def _post(route, allow, args, data=None, *, hidden=NOT_SEEING, note="", stage=None):
    extra = owned(stage, allow) if stage else {}
    return Entry(
        route, allow=allow, args=args, method="POST", data=data, hidden=hidden, note=note, **extra
    )


ENTRIES = [
    Entry("orders:list", allow=LOGGED_IN),
    Entry("orders:export", allow=LOGGED_IN),
    Entry(
        "orders:moderation",
        allow=MODERATES,
        note="factory admin and managers; dealers' admins and employees",
    ),
    Entry(
        "orders:view_save",
        allow=LOGGED_IN,
        method="POST",
        data=lambda world: {"name": "Вид", "query": "status=draft"},
    ),
    Entry(
        "orders:view_delete",
        frozenset({"dealer_a_employee"}),
        args=saved_view,
        method="POST",
        hidden=LOGGED_IN - {"dealer_a_employee"},
        owned=owned_saved_view,
        rule=personal(PERSON),
    ),
    Entry(
        "orders:view_default",
        frozenset({"dealer_a_employee"}),
        args=saved_view,
        method="POST",
        hidden=LOGGED_IN - {"dealer_a_employee"},
        owned=owned_saved_view,
        rule=personal(PERSON),
    ),
    Entry(
        "orders:detail",
        allow=SEES_ORDER,
        args=order_at("on_moderation"),
        hidden=NOT_SEEING,
        **owned("on_moderation", SEES_ORDER),
    ),
    _post(
        "orders:submit",
        BUYER,
        order_at("draft"),
        versioned(),
        hidden=NOT_SEEING_DRAFT,
        stage="draft",
    ),
    _post(
        "orders:lines",
        BUYER,
        order_at("draft"),
        line_change,
        hidden=NOT_SEEING_DRAFT,
        stage="draft",
    ),
    _post(
        "orders:ask_question",
        MODERATOR,
        order_at("on_moderation"),
        versioned(text="?"),
        stage="on_moderation",
    ),
    _post(
        "orders:confirm", MODERATOR, order_at("on_moderation"), versioned(), stage="on_moderation"
    ),
    _post(
        "orders:reject",
        MODERATOR,
        order_at("on_moderation"),
        versioned(reason="нет"),
        stage="on_moderation",
    ),
    _post(
        "orders:change_lines",
        MODERATOR,
        order_at("on_moderation"),
        line_change,
        stage="on_moderation",
    ),
    _post(
        "orders:details",
        MODERATOR,
        order_at("on_moderation"),
        versioned(manager_notes="x"),
        stage="on_moderation",
    ),
    _post(
        "orders:answer",
        BUYER,
        order_at("awaiting_answer"),
        versioned(text="!"),
        stage="awaiting_answer",
    ),
    _post(
        "orders:accept_changes",
        BUYER,
        order_at("awaiting_answer"),
        versioned(),
        stage="awaiting_answer",
    ),
    _post(
        "orders:cancel",
        BUYER | MODERATOR,
        order_at("on_moderation"),
        versioned(),
        note="the seller's side is one of the parties: refused by status with a message (302)",
        stage="on_moderation",
    ),
    _post("orders:hand_to_1c", MODERATOR, order_at("confirmed"), versioned(), stage="confirmed"),
    _post(
        "orders:start_production", MODERATOR, order_at("moderated"), versioned(), stage="moderated"
    ),
    _post(
        "orders:comment",
        SEES_ORDER,
        order_at("on_moderation"),
        lambda world: {"text": "Комментарий"},
        stage="on_moderation",
    ),
    _post(
        "orders:units_move",
        MODERATOR,
        order_at("in_production"),
        units_ready,
        stage="in_production",
    ),
    Entry(
        "orders:attachment",
        allow=SEES_ORDER,
        args=attachment,
        hidden=NOT_SEEING,
        owned=owned_attachment,
        rule=SEES,
    ),
    Entry(
        "orders:unit",
        allow=SEES_ORDER,
        args=unit,
        hidden=NOT_SEEING,
        owned=owned_unit,
        rule=SEES,
        owners=DEALERS,
    ),
    Entry(
        "orders:unit_label",
        allow=SEES_ORDER,
        args=unit,
        hidden=NOT_SEEING,
        owned=owned_unit,
        rule=SEES,
        owners=DEALERS,
    ),
]
