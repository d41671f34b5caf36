"""The order pages: the list, the queue, an order of dealer A to the factory and its buttons,
its units. Nobody outside the order's two sides (and the factory staff who see dealer A)
learns it exists: 404. Each button belongs to one side: the other side gets 403."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.catalog.tests import builders
from portal.orders import services
from portal.orders.models import Order, OrderAttachment, OrderKind, OrderUnit, SavedOrderView
from tests.access.matrix import DEALER_A, LOGGED_IN, Entry

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


def _draft(world) -> Order:
    offer = builders.product(
        "Дверь", prices={builders.price_type("Оптовая"): Decimal("1000")}, article="D-1"
    )
    actor = world.actor("dealer_a_employee")
    order = services.order_create(actor=actor, kind=OrderKind.MADE_TO_MEASURE)
    services.order_add_line(actor=actor, order_id=order.pk, offer_id=offer.pk, quantity="2")
    return order


def _order(world, stage: str = "on_moderation") -> Order:
    order = _draft(world)
    if stage == "draft":
        return order
    services.order_submit(actor=world.actor("dealer_a_employee"), order_id=order.pk)
    manager = world.actor("manager_a")
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


def unit(world) -> dict:
    order = _order(world, "in_production")
    return {"pk": OrderUnit.objects.filter(line__order=order).order_by("pk").first().pk}


def saved_view(world) -> dict:
    view = SavedOrderView.objects.create(
        user=world.dealer_a_employee, name="Мой вид", query="status=on_moderation"
    )
    return {"pk": view.pk}


def _post(route, allow, args, data=None, *, hidden=NOT_SEEING, note=""):
    return Entry(route, allow=allow, args=args, method="POST", data=data, hidden=hidden, note=note)


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
    _post(
        "orders:view_delete",
        frozenset({"dealer_a_employee"}),
        saved_view,
        hidden=LOGGED_IN - {"dealer_a_employee"},
    ),
    _post(
        "orders:view_default",
        frozenset({"dealer_a_employee"}),
        saved_view,
        hidden=LOGGED_IN - {"dealer_a_employee"},
    ),
    Entry("orders:detail", allow=SEES_ORDER, args=order_at("on_moderation"), hidden=NOT_SEEING),
    _post("orders:submit", BUYER, order_at("draft"), versioned(), hidden=NOT_SEEING_DRAFT),
    _post("orders:lines", BUYER, order_at("draft"), line_change, hidden=NOT_SEEING_DRAFT),
    _post("orders:ask_question", MODERATOR, order_at("on_moderation"), versioned(text="?")),
    _post("orders:confirm", MODERATOR, order_at("on_moderation"), versioned()),
    _post("orders:reject", MODERATOR, order_at("on_moderation"), versioned(reason="нет")),
    _post("orders:change_lines", MODERATOR, order_at("on_moderation"), line_change),
    _post("orders:details", MODERATOR, order_at("on_moderation"), versioned(manager_notes="x")),
    _post("orders:answer", BUYER, order_at("awaiting_answer"), versioned(text="!")),
    _post("orders:accept_changes", BUYER, order_at("awaiting_answer"), versioned()),
    _post(
        "orders:cancel",
        BUYER | MODERATOR,
        order_at("on_moderation"),
        versioned(),
        note="the seller's side is one of the parties: refused by status with a message (302)",
    ),
    _post("orders:hand_to_1c", MODERATOR, order_at("confirmed"), versioned()),
    _post("orders:start_production", MODERATOR, order_at("moderated"), versioned()),
    _post(
        "orders:comment",
        SEES_ORDER,
        order_at("on_moderation"),
        lambda world: {"text": "Комментарий"},
    ),
    _post("orders:units_move", MODERATOR, order_at("in_production"), units_ready),
    Entry("orders:attachment", allow=SEES_ORDER, args=attachment, hidden=NOT_SEEING),
    Entry("orders:unit", allow=SEES_ORDER, args=unit, hidden=NOT_SEEING),
    Entry("orders:unit_label", allow=SEES_ORDER, args=unit, hidden=NOT_SEEING),
]
