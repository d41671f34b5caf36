"""Order use-cases, one module per family of verbs; import them from here."""

from .bundles import subdealer_orders_bundle
from .carts import (
    cart_add,
    cart_add_quick,
    cart_clear,
    cart_remove,
    cart_update,
    order_create_from_cart,
)
from .comments import order_comment_add
from .copies import CopyResult, PriceChange, order_copy
from .drafts import order_add_line, order_create, order_update_details, order_update_lines
from .moderation import (
    order_accept_changes,
    order_answer,
    order_ask_question,
    order_cancel,
    order_change_lines,
    order_confirm,
    order_hand_to_1c,
    order_reject,
    order_start_production,
    order_submit,
)
from .quick import LineError, QuickOrderResult, order_create_quick, quick_lines_check
from .units import units_mark_ready, units_mark_sold, units_receive, units_ship

__all__ = [
    "CopyResult",
    "LineError",
    "PriceChange",
    "QuickOrderResult",
    "cart_add",
    "cart_add_quick",
    "cart_clear",
    "cart_remove",
    "cart_update",
    "order_accept_changes",
    "order_add_line",
    "order_answer",
    "order_ask_question",
    "order_cancel",
    "order_change_lines",
    "order_comment_add",
    "order_confirm",
    "order_copy",
    "order_create",
    "order_create_from_cart",
    "order_create_quick",
    "order_hand_to_1c",
    "order_reject",
    "order_start_production",
    "order_submit",
    "order_update_details",
    "order_update_lines",
    "quick_lines_check",
    "subdealer_orders_bundle",
    "units_mark_ready",
    "units_mark_sold",
    "units_receive",
    "units_ship",
]
