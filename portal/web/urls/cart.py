"""The cart and every other way to start an order (quick order, Excel, copy, bundle)."""

from django.urls import path

from ..views import cart, order_create, order_import

app_name = "cart"
urlpatterns = [
    path("", cart.cart_detail, name="detail"),
    path("add/", cart.cart_add, name="add"),
    path("add-configuration/", cart.cart_add_configuration, name="add_configuration"),
    path("lines/<int:line_id>/", cart.cart_line_update, name="update"),
    path("lines/<int:line_id>/remove/", cart.cart_line_remove, name="remove"),
    path("order/", cart.cart_order, name="order"),
    path("quick/", order_create.quick_order, name="quick"),
    path("import/", order_import.import_upload, name="import"),
    path("import/template.xlsx", order_import.import_template, name="import_template"),
    path("import/accept/", order_import.import_accept, name="import_accept"),
    path("copy/<int:order_id>/", order_create.order_copy, name="copy"),
    path("bundle/", order_create.bundle, name="bundle"),
]
