"""«Документы»: invoices and payments, balances and statements, imports and credit limits.

Thin views over ``portal.billing``: selectors read, services write, policies decide the
buttons. Sub-dealers never reach these pages (403 on lists, 404 on objects).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.billing import policies
from portal.billing.balances import balance_of, statement
from portal.billing.documents import invoice_context, invoice_filename, invoice_pdf
from portal.billing.exports import statement_filename, statement_pdf, statement_xlsx
from portal.billing.imports.bank import payments_import_bank
from portal.billing.imports.onec import payments_import_1c
from portal.billing.models import Invoice
from portal.billing.order_status import with_payment_status
from portal.billing.selectors import (
    invoice_get_for,
    invoice_list,
    legal_entity_money_get_for,
    money_entities,
    orders_to_invoice,
    payment_get_for,
    payment_list,
)
from portal.billing.services.credit import credit_limit_set
from portal.billing.services.invoices import invoice_cancel, invoice_issue_for_order
from portal.billing.services.payments import (
    ledger_adjust,
    payment_allocate,
    payment_register,
    payment_reverse,
    unallocated,
)
from portal.core.errors import DomainError

from ..access import actor_required, refusal_as_message, require
from ..forms_billing import (
    AdjustmentForm,
    AllocateForm,
    CreditLimitForm,
    DocumentFilterForm,
    ImportForm,
    PaymentForm,
    PeriodForm,
    ReasonForm,
)
from ..htmx import template_for

PAGE_SIZE = 50
NO_MONEY = "Счета, оплаты и расчёты дилера субдилерам не показываются."


def _require_money(actor) -> None:
    require(policies.can_see_money(actor), NO_MONEY)


@actor_required
def invoice_list_view(request):
    actor = request.actor
    _require_money(actor)
    form = DocumentFilterForm(request.GET, actor=actor)
    invoices = invoice_list(actor, form.filters())
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "tab": "invoices",
        "to_invoice": orders_to_invoice(actor)[:20] if actor.is_factory else [],
        "can_manage_payments": policies.can_manage_payments(actor),
    }
    template = template_for(request, "billing/invoice_list.html", "table")
    return render(request, template, context)


@actor_required
def payment_list_view(request):
    actor = request.actor
    _require_money(actor)
    form = DocumentFilterForm(request.GET, actor=actor, payments=True)
    payments = payment_list(actor, form.filters())
    page = Paginator(payments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "tab": "payments",
        "can_manage_payments": policies.can_manage_payments(actor),
    }
    template = template_for(request, "billing/payment_list.html", "table")
    return render(request, template, context)


@actor_required
def invoice_detail(request, pk):
    actor = request.actor
    invoice = invoice_get_for(actor, pk)
    context = {
        **invoice_context(invoice),
        "orders": with_payment_status(invoice.orders.order_by("pk")),
        "allocations": invoice.allocations.select_related("payment").order_by("id"),
        "can_cancel": invoice.status != "cancelled"
        and policies.can_cancel_invoice(actor, invoice.buyer),
        "reason_form": ReasonForm(),
    }
    return render(request, "billing/invoice_detail.html", context)


@actor_required
def invoice_pdf_view(request, pk):
    invoice = invoice_get_for(request.actor, pk)
    response = HttpResponse(invoice_pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice_filename(invoice)}"'
    return response


@actor_required
@require_POST
def invoice_issue(request, order_pk):
    with refusal_as_message(request):
        invoice = invoice_issue_for_order(actor=request.actor, order_id=order_pk)
        messages.success(request, f"{invoice} выставлен; покупатель получит его по почте.")
        return redirect("billing:invoice", invoice.pk)
    return redirect("billing:invoices")


@actor_required
@require_POST
def invoice_cancel_view(request, pk):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with refusal_as_message(request):
        invoice = invoice_cancel(actor=request.actor, invoice_id=pk, reason=reason)
        messages.success(request, f"{invoice} отменён.")
    return redirect("billing:invoice", pk)


@actor_required
def payment_detail(request, pk):
    actor = request.actor
    payment = payment_get_for(actor, pk)
    can_manage = policies.can_manage_payments(actor)
    free = unallocated(payment)
    context = {
        "payment": payment,
        "allocations": payment.allocations.select_related("invoice").order_by("id"),
        "free": free,
        "can_manage": can_manage,
        "open_invoices": Invoice.objects.visible_to(actor)
        .open()
        .filter(buyer=payment.payer)
        .order_by("due_date", "pk")
        if can_manage and free > 0
        else [],
        "reason_form": ReasonForm(),
    }
    return render(request, "billing/payment_detail.html", context)


@actor_required
def payment_create(request):
    actor = request.actor
    require(policies.can_manage_payments(actor), "Оплаты вносит бухгалтер завода.")
    form = PaymentForm(request.POST or None, actor=actor)
    if form.is_valid() and (
        payment := form.attempt(
            payment_register,
            actor=actor,
            payer_id=form.cleaned_data["payer"].pk,
            amount=form.cleaned_data["amount"],
            on=form.cleaned_data["on"],
            number=form.cleaned_data["number"],
            purpose=form.cleaned_data["purpose"],
        )
    ):
        messages.success(request, f"{payment} внесена и разнесена по счетам.")
        return redirect("billing:payment", payment.pk)
    return render(request, "billing/payment_form.html", {"form": form})


@actor_required
@require_POST
def payment_allocate_view(request, pk):
    form = AllocateForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    with refusal_as_message(request):
        made = payment_allocate(
            actor=request.actor,
            payment_id=pk,
            invoice_id=data.get("invoice"),
            amount=data.get("amount"),
        )
        messages.success(request, f"Оплата разнесена по счетам: {len(made)}.")
    return redirect("billing:payment", pk)


@actor_required
@require_POST
def payment_reverse_view(request, pk):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with refusal_as_message(request):
        payment_reverse(actor=request.actor, payment_id=pk, reason=reason)
        messages.success(request, "Оплата сторнирована.")
    return redirect("billing:payment", pk)


@actor_required
def import_view(request):
    actor = request.actor
    require(policies.can_manage_payments(actor), "Загружать оплаты может бухгалтер завода.")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if form.cleaned_data["kind"] == "1c":
                with tempfile.TemporaryDirectory() as folder:
                    path = Path(folder) / "documents.xml"
                    path.write_bytes(upload.read())
                    report = payments_import_1c(actor=actor, path=path, name=upload.name)
            else:
                report = payments_import_bank(actor=actor, content=upload.read(), name=upload.name)
        except DomainError as error:
            form.add_domain_error(error)
    return render(request, "billing/import.html", {"form": form, "report": report})


@actor_required
def balance_list(request):
    actor = request.actor
    _require_money(actor)
    entities = (
        money_entities(actor).select_related("organisation").order_by("organisation__name", "name")
    )
    page = Paginator(entities, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [balance_of(entity) for entity in page.object_list]
    return render(request, "billing/balance_list.html", {"page": page, "rows": rows})


def _period(request):
    return PeriodForm(request.GET or None).period()


@actor_required
def balance_detail(request, pk):
    actor = request.actor
    entity = legal_entity_money_get_for(actor, pk)
    date_from, date_to = _period(request)
    form = PeriodForm(request.GET or None, initial={"date_from": date_from, "date_to": date_to})
    context = {
        "entity": entity,
        "balance": balance_of(entity),
        "statement": statement(entity, date_from=date_from, date_to=date_to),
        "form": form,
        "query": f"date_from={date_from:%Y-%m-%d}&date_to={date_to:%Y-%m-%d}",
        "can_set_limit": policies.can_set_credit_limit(actor),
        "can_adjust": policies.can_manage_payments(actor),
    }
    return render(request, "billing/balance_detail.html", context)


@actor_required
def statement_download(request, pk, fmt: str):
    entity = legal_entity_money_get_for(request.actor, pk)
    date_from, date_to = _period(request)
    result = statement(entity, date_from=date_from, date_to=date_to)
    if fmt == "xlsx":
        content = statement_xlsx(result)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, kind = statement_pdf(result), "application/pdf"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{statement_filename(result, fmt)}"'
    return response


@actor_required
def credit_limit_edit(request, pk):
    actor = request.actor
    entity = legal_entity_money_get_for(actor, pk)
    require(
        policies.can_set_credit_limit(actor),
        "Кредитный лимит устанавливает бухгалтер или администратор завода.",
    )
    current = balance_of(entity)
    initial = {
        "scope": current.credit_scope or "dealer",
        "amount": current.credit_limit,
        "mode": current.credit_mode or "block",
    }
    form = CreditLimitForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            credit_limit_set(
                actor=actor,
                legal_entity_id=entity.pk,
                scope=form.cleaned_data["scope"],
                amount=form.cleaned_data["amount"],
                mode=form.cleaned_data["mode"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Кредитный лимит сохранён.")
            return redirect("billing:balance", entity.pk)
    return render(request, "billing/credit_limit_form.html", {"form": form, "entity": entity})


@actor_required
def ledger_adjust_view(request, pk):
    """A manual correction of the balance, by the factory accountant, with its reason."""
    actor = request.actor
    entity = legal_entity_money_get_for(actor, pk)
    require(
        policies.can_manage_payments(actor),
        "Корректировки расчётов вносит бухгалтер завода.",
    )
    form = AdjustmentForm(request.POST or None, initial={"on": timezone.localdate()})
    if form.is_valid():
        try:
            ledger_adjust(actor=actor, legal_entity_id=entity.pk, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Корректировка проведена.")
            return redirect("billing:balance", entity.pk)
    return render(request, "billing/adjustment_form.html", {"form": form, "entity": entity})
