"""Orders: the list, the moderation queue, the order page and its actions, units.

Creating orders (cart, quick order, Excel import) lives in ``cart.py``.
"""

from django.urls import path

from ..views import orders_actions, orders_detail, orders_list, orders_units

app_name = "orders"

# workflow verb → the last part of its URL (each a POST from the order page)
VERBS = {
    "submit": "submit",
    "accept_changes": "accept-changes",
    "answer": "answer",
    "confirm": "confirm",
    "ask_question": "ask",
    "hand_to_1c": "hand-to-1c",
    "start_production": "start-production",
    "reject": "reject",
    "cancel": "cancel",
}

urlpatterns = [
    path("", orders_list.order_list, name="list"),
    path("export.xlsx", orders_list.order_export, name="export"),
    path("views/save/", orders_list.saved_view_save, name="view_save"),
    path("views/<int:pk>/delete/", orders_list.saved_view_delete, name="view_delete"),
    path("views/<int:pk>/default/", orders_list.saved_view_default, name="view_default"),
    path("moderation/", orders_list.moderation, name="moderation"),
    path("<int:pk>/", orders_detail.order_detail, name="detail"),
    *(
        path(f"<int:pk>/{slug}/", orders_actions.order_act, {"action": verb}, name=verb)
        for verb, slug in VERBS.items()
    ),
    path("<int:pk>/lines/", orders_actions.order_lines_update, {"by_seller": False}, name="lines"),
    path(
        "<int:pk>/change-lines/",
        orders_actions.order_lines_update,
        {"by_seller": True},
        name="change_lines",
    ),
    path("<int:pk>/details/", orders_actions.order_details_update, name="details"),
    path("<int:pk>/comment/", orders_actions.order_comment, name="comment"),
    path("<int:pk>/units/", orders_actions.units_move, name="units_move"),
    path("attachments/<int:pk>/", orders_detail.attachment_download, name="attachment"),
    path("units/<int:pk>/", orders_units.unit_detail, name="unit"),
    path("units/<int:pk>/label/", orders_units.unit_label, name="unit_label"),
]
