from .carts import Cart, CartLine
from .comments import OrderAttachment, OrderComment
from .events import EventKind, OrderEvent
from .lines import OrderLine
from .orders import Order, OrderKind, OrderNumberCounter
from .units import OrderUnit, UnitEvent
from .views import SavedOrderView

__all__ = [
    "Cart",
    "CartLine",
    "EventKind",
    "Order",
    "OrderAttachment",
    "OrderComment",
    "OrderEvent",
    "OrderKind",
    "OrderLine",
    "OrderNumberCounter",
    "OrderUnit",
    "SavedOrderView",
    "UnitEvent",
]
