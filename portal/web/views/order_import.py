"""Excel import: the blank form to download, the upload with its row-by-row check, and
«Принять допустимые строки», which creates the draft (safe to repeat: the same preview gives
the same draft). Reading, checking and pricing live in ``portal.orders.excel``."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.core.errors import DomainError
from portal.orders import policies
from portal.orders.excel import (
    MAX_FILE_BYTES,
    TEMPLATE_FILE_NAME,
    XLSX_CONTENT_TYPE,
    excel_import_accept,
    excel_import_preview,
    order_template_xlsx,
)
from portal.orders.models import OrderKind

from ..access import actor_required, require
from ..forms_cart import CartOrderForm, ImportUploadForm
from .cart import NO_CART, order_url


@actor_required
@require_GET
def import_template(request):
    require(policies.can_create_order(request.actor), NO_CART)
    response = HttpResponse(order_template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILE_NAME}"'
    return response


@actor_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    actor = request.actor
    require(policies.can_create_order(actor), NO_CART)
    posted = request.method == "POST"
    form = ImportUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        max_bytes=MAX_FILE_BYTES,
    )
    preview = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        preview = form.attempt(
            excel_import_preview, actor=actor, file_name=upload.name, data=upload.read()
        )
    context = {
        "form": form,
        "preview": preview,
        "details": CartOrderForm(actor=actor, initial={"kind": OrderKind.STANDARD}),
    }
    return render(request, "orders/create/import.html", context, status=400 if form.errors else 200)


@actor_required
@require_POST
def import_accept(request):
    actor = request.actor
    require(policies.can_create_order(actor), NO_CART)
    details = CartOrderForm(request.POST, actor=actor)
    error = ""
    if details.is_valid():
        try:
            accepted = excel_import_accept(
                actor=actor,
                preview_token_or_data=request.POST.get("token", ""),
                **details.details(),
            )
        except DomainError as refusal:
            error = refusal.message
        else:
            if accepted.created:
                messages.success(
                    request, gettext("Черновик заказа создан из допустимых строк файла.")
                )
            else:
                messages.info(
                    request, gettext("Этот файл уже принят: вот созданный по нему черновик.")
                )
            return redirect(order_url(accepted.order))
    else:
        error = " ".join(message for errors in details.errors.values() for message in errors)
    form = ImportUploadForm(max_bytes=MAX_FILE_BYTES)
    context = {"form": form, "preview": None, "details": details, "error": error}
    return render(request, "orders/create/import.html", context, status=400)
