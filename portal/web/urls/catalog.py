from django.urls import path

from ..views import catalog as views
from ..views import pricing

app_name = "catalog"
urlpatterns = [
    path("", views.product_list_view, name="list"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("price-list.xlsx", pricing.price_list_xlsx_view, name="price_list_xlsx"),
    path("price-list.pdf", pricing.price_list_pdf_view, name="price_list_pdf"),
    path("pricing/check/", pricing.price_check, name="pricing_check"),
    path("pricing/dealers/", pricing.dealer_terms_list, name="pricing_dealers"),
    path("pricing/dealers/<int:pk>/", pricing.dealer_terms_edit, name="pricing_dealer"),
    path(
        "pricing/group-discounts/<int:pk>/delete/",
        pricing.group_discount_delete,
        name="pricing_group_discount_delete",
    ),
    path("pricing/promotions/", pricing.promotion_list, name="pricing_promotions"),
    path("pricing/promotions/new/", pricing.promotion_edit, name="pricing_promotion_create"),
    path("pricing/promotions/<int:pk>/", pricing.promotion_edit, name="pricing_promotion"),
    path("pricing/subdealers/", pricing.subdealer_prices, name="pricing_subdealers"),
    path("pricing/markups/<int:pk>/delete/", pricing.markup_delete, name="pricing_markup_delete"),
    path(
        "pricing/fixed-prices/<int:pk>/delete/",
        pricing.fixed_price_delete,
        name="pricing_fixed_price_delete",
    ),
]
