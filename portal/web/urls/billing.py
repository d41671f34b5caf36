from django.urls import path

from ..views import billing as views

app_name = "billing"
urlpatterns = [
    path("", views.invoice_list_view, name="invoices"),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf_view, name="invoice_pdf"),
    path("invoices/<int:pk>/cancel/", views.invoice_cancel_view, name="invoice_cancel"),
    path("orders/<int:order_pk>/invoice/", views.invoice_issue, name="invoice_issue"),
    path("payments/", views.payment_list_view, name="payments"),
    path("payments/new/", views.payment_create, name="payment_new"),
    path("payments/<int:pk>/", views.payment_detail, name="payment"),
    path("payments/<int:pk>/allocate/", views.payment_allocate_view, name="payment_allocate"),
    path("payments/<int:pk>/reverse/", views.payment_reverse_view, name="payment_reverse"),
    path("import/", views.import_view, name="import"),
    path("balances/", views.balance_list, name="balances"),
    path("balances/<int:pk>/", views.balance_detail, name="balance"),
    path(
        "balances/<int:pk>/statement.xlsx",
        views.statement_download,
        {"fmt": "xlsx"},
        name="statement_xlsx",
    ),
    path(
        "balances/<int:pk>/statement.pdf",
        views.statement_download,
        {"fmt": "pdf"},
        name="statement_pdf",
    ),
    path("balances/<int:pk>/credit-limit/", views.credit_limit_edit, name="credit_limit"),
    path("balances/<int:pk>/adjust/", views.ledger_adjust_view, name="adjust"),
]
