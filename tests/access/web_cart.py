"""The cart and the pages that create orders (/cart/...).

Only the people who order have a cart: admins and employees of dealers and sub-dealers. Factory
staff (they sell) and accountants (they read) get 403, never a cart. A cart line, a saved
configuration or an order of somebody else answers 404 to people who could otherwise act.
"""

from portal.catalog.configurator.models import ConfigurationSnapshot
from portal.orders import services
from portal.orders.models import Cart, CartLine
from portal.web.tests.cart_shop import make_shop
from tests.access.configurator import snapshot_of, snapshot_of_dealer_a
from tests.access.matrix import FACTORY_ALL_DEALERS, LOGGED_IN, Entry
from tests.access.owners import PERSON, anybody, is_buyer, on_object, own_company, sees_order
from tests.access.web_orders import owned_order_at

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
DEALER_A_BUYERS = frozenset({"dealer_a_admin", "dealer_a_employee"})
DEALERS_STAFF = DEALER_A_BUYERS | {"dealer_b_admin"}
LINE_OWNER = frozenset({"dealer_a_employee"})
SEES_DEALER_A_ORDER = FACTORY_ALL_DEALERS | {"manager_a", "dealer_a_accountant"} | DEALER_A_BUYERS


def catalog(world) -> dict:
    make_shop(world)
    return {}


def door(world) -> dict:
    from portal.catalog.models import Offer

    return {"offer": Offer.objects.get(product__article="DV-100").pk, "quantity": "1"}


def cart_line_of_dealer_a_employee(world) -> dict:
    return cart_line_of(world, "dealer_a")


def cart_line_of(world, owner: str) -> dict:
    """A line in the cart of the person who orders for ``owner`` (tests/access/owners.py)."""
    shop = make_shop(world)
    cart = Cart.objects.create(user=world.users[PERSON[owner]])
    line = CartLine.objects.create(cart=cart, offer=shop.door, quantity=1)
    return {"line_id": line.pk}


def owned_snapshot(world, owner: str) -> dict:
    snapshot_of(world, owner)
    return {}


def owned_order(world, owner: str) -> dict:
    return {"order_id": owned_order_at("on_moderation")(world, owner)["pk"]}


def _cart_line(role: str, owner: str) -> str:
    """Only those who order have a cart (403 for the others); a line is its person's."""
    if role not in ORDERING:
        return "forbidden"
    return "allow" if PERSON[owner] == role else "hidden"


CART_LINE = {"owned": cart_line_of, "rule": _cart_line}
COPY = {"owned": owned_order, "rule": on_object(sees_order, is_buyer)}


def filled_cart(world) -> dict:
    cart_line_of_dealer_a_employee(world)
    return {}


def snapshot(world) -> dict:
    snapshot_of_dealer_a(world)
    return {}


def submitted_order_of_dealer_a(world) -> dict:
    shop = make_shop(world)
    actor = world.actor("dealer_a_employee")
    order = services.order_create(actor=actor)
    services.order_add_line(actor=actor, order_id=order.pk, offer_id=shop.door.pk, quantity="2")
    services.order_submit(actor=actor, order_id=order.pk)
    return {"order_id": order.pk}


ENTRIES = [
    Entry("cart:detail", allow=ORDERING),
    Entry(
        "cart:add",
        allow=ORDERING,
        args=catalog,
        method="POST",
        data=door,
        note="adds to the caller's own cart; the price is resolved when shown",
    ),
    Entry(
        "cart:add_configuration",
        allow=DEALER_A_BUYERS,
        args=snapshot,
        method="POST",
        data=lambda world: {"snapshot": ConfigurationSnapshot.objects.get().pk, "quantity": "1"},
        hidden=ORDERING - DEALER_A_BUYERS,
        owned=owned_snapshot,
        rule=on_object(own_company, anybody, gate=ORDERING),
    ),
    Entry(
        "cart:update",
        allow=LINE_OWNER,
        args=cart_line_of_dealer_a_employee,
        method="POST",
        data=lambda world: {"quantity": "3"},
        hidden=ORDERING - LINE_OWNER,
        **CART_LINE,
    ),
    Entry(
        "cart:remove",
        allow=LINE_OWNER,
        args=cart_line_of_dealer_a_employee,
        method="POST",
        hidden=ORDERING - LINE_OWNER,
        **CART_LINE,
    ),
    Entry(
        "cart:order",
        allow=ORDERING,
        args=filled_cart,
        method="POST",
        data=lambda world: {"action": "draft", "kind": "standard"},
        ok=(302, 400),
        note="dealer_a_employee's cart becomes a draft; an empty cart is refused on the form",
    ),
    Entry("cart:quick", allow=ORDERING),
    Entry(
        "cart:quick",
        allow=ORDERING,
        args=catalog,
        method="POST",
        data=lambda world: {"text": "DV-100 2\nNOPE 1", "action": "check"},
        ok=(200,),
        note="the preview writes nothing",
    ),
    Entry(
        "cart:copy",
        allow=DEALER_A_BUYERS,
        args=submitted_order_of_dealer_a,
        hidden=LOGGED_IN - SEES_DEALER_A_ORDER,
        **COPY,
    ),
    Entry(
        "cart:copy",
        allow=DEALER_A_BUYERS,
        args=submitted_order_of_dealer_a,
        method="POST",
        data=lambda world: {"confirm": "1"},
        hidden=LOGGED_IN - SEES_DEALER_A_ORDER,
        **COPY,
    ),
    Entry("cart:import", allow=ORDERING),
    Entry(
        "cart:import",
        allow=ORDERING,
        method="POST",
        data=lambda world: {},
        ok=(400,),
        note="no file: the form says so; uploads are tested in test_order_create_import",
    ),
    Entry("cart:import_template", allow=ORDERING),
    Entry(
        "cart:import_accept",
        allow=ORDERING,
        method="POST",
        data=lambda world: {"token": "not-a-preview", "kind": "standard"},
        ok=(400,),
        note="a token that is not the caller's preview is refused on the page",
    ),
    Entry("cart:bundle", allow=DEALERS_STAFF),
    Entry(
        "cart:bundle",
        allow=DEALERS_STAFF,
        method="POST",
        data=lambda world: {},
        ok=(400,),
        note="nothing chosen: the form says so; bundling is tested in test_order_create",
    ),
]
