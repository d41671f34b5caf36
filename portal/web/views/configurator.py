"""The configurator: pick parameters, see the drawing, the rule violations and the price.

The page is one form. Every change is posted (htmx) to the same view, which answers with the
``configurator`` partial of the same template; without JavaScript the «Пересчитать» button
does the same with a full page. «Сохранить конфигурацию» freezes it as a snapshot.
"""

from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal.catalog.configurator import policies, selectors, services
from portal.catalog.configurator.configuration import plain_number
from portal.catalog.configurator.definition import ParamType
from portal.catalog.configurator.pricing import PriceBreakdown, PriceLine
from portal.catalog.configurator.quotes import quote_for
from portal.core.errors import DomainError
from portal.organisations.models import Organisation
from portal.pricing.visibility import explained_companies, may_explain_prices

from ..access import actor_required, require
from ..forms_configurator import (
    OptionCreateForm,
    ParameterCreateForm,
    RuleCreateForm,
    edit_forms,
)
from ..htmx import template_for

RADIO_LIMIT = 4  # lists this short are radio groups; longer ones are selects
NOT_CHOICES = {"csrfmiddlewaretoken", "save", "price_for"}


@actor_required
def model_list(request):
    return render(
        request,
        "configurator/model_list.html",
        {
            "models": selectors.product_model_list(),
            "can_edit": policies.can_edit_product_models(request.actor),
        },
    )


@actor_required
@require_http_methods(["GET", "POST"])
def model_detail(request, code):
    model = selectors.product_model_get(code)
    data = request.POST if request.method == "POST" else request.GET
    choices = {key: value for key, value in data.items() if key not in NOT_CHOICES}
    save_error = ""
    if request.method == "POST" and "save" in request.POST:
        try:
            saved = services.snapshot_create(actor=request.actor, code=code, choices=choices)
        except DomainError as error:
            save_error = error.message
        else:
            messages.success(request, "Конфигурация сохранена.")
            return redirect("configurator:snapshot", pk=saved.pk)
    companies, price_for = _price_for(request.actor, data.get("price_for", ""))
    quote = quote_for(
        actor=request.actor,
        definition=selectors.definition_of(model),
        choices=choices,
        organisation=price_for,
    )
    context = {
        "model": model,
        "quote": quote,
        "companies": companies,
        "price_for": price_for,
        "rows": _rows(quote),
        "save_error": save_error,
        "breakdown_is_list": may_explain_prices(request.actor),
        "can_edit": policies.can_edit_product_models(request.actor),
    }
    template = template_for(request, "configurator/model_detail.html", "configurator")
    return render(request, template, context, status=400 if save_error else 200)


def _price_for(actor, asked: str) -> tuple[list[Organisation], Organisation | None]:
    """The other companies whose price the page may show instead of the viewer's own (the
    factory's staff: their dealers and sub-dealers; a dealer: its sub-dealers; a sub-dealer:
    none), and the one asked for, if it is among them (else the viewer's own price)."""
    companies = list(explained_companies(actor).exclude(pk=actor.organisation_id))
    chosen = next((company for company in companies if str(company.pk) == asked), None)
    return companies, chosen


def _rows(quote) -> list[dict]:
    """One row per visible field: how to render it and the messages beside it."""
    rows = []
    for field in quote.configuration.fields:
        parameter = field.parameter
        if parameter.type in ParamType.NUMERIC:
            widget = "number"
        elif parameter.type == ParamType.BOOLEAN:
            widget = "boolean"
        elif len(parameter.options) <= RADIO_LIMIT or any(o.swatch for o in parameter.options):
            widget = "radio"
        else:
            widget = "select"
        rows.append(
            {
                "field": field,
                "widget": widget,
                "value": field.form_value,
                "min": _plain(parameter.min_value),
                "max": _plain(parameter.max_value),
                "step": _plain(parameter.step),
                "messages": quote.messages_for(field.code),
            }
        )
    return rows


def _plain(number: Decimal | None) -> str:
    return "" if number is None else plain_number(number)


@actor_required
def snapshot_list(request):
    return render(
        request,
        "configurator/snapshot_list.html",
        {"snapshots": selectors.snapshot_list(request.actor)[:200]},
    )


@actor_required
def snapshot_detail(request, pk):
    saved = selectors.snapshot_get_for(request.actor, pk)
    breakdown = PriceBreakdown(
        tuple(
            PriceLine(line["label"], Decimal(line["amount"])) for line in saved.list_price["lines"]
        ),
        Decimal(saved.list_price["total"]),
    )
    breakdown_is_list = may_explain_prices(request.actor)
    if not breakdown_is_list:
        breakdown = breakdown.scaled_to(saved.amount)
    return render(
        request,
        "configurator/snapshot_detail.html",
        {"snapshot": saved, "breakdown": breakdown, "breakdown_is_list": breakdown_is_list},
    )


# The editor's «add» forms: the POST key that sends each, its form class and what saving does.
ADD_FORMS = {
    "add_option": ("new_option", OptionCreateForm, "new", "Вариант добавлен."),
    "add_parameter": ("new_parameter", ParameterCreateForm, "param", "Параметр добавлен."),
    "add_rule": ("new_rule", RuleCreateForm, "rule", "Правило добавлено."),
}


@actor_required
@require_http_methods(["GET", "POST"])
def model_edit(request, code):
    require(
        policies.can_edit_product_models(request.actor),
        "Изменять модели конфигуратора может только администратор завода.",
    )
    model = selectors.product_model_get(code, active_only=False)
    forms = edit_forms(model)
    adding = {
        name: form_class(product_model=model, prefix=prefix)
        for name, form_class, prefix, _ in ADD_FORMS.values()
    }
    status = 200
    sent = next((key for key in ADD_FORMS if key in request.POST), None)
    if request.method == "POST" and sent:
        name, form_class, prefix, done = ADD_FORMS[sent]
        form = adding[name] = form_class(request.POST, product_model=model, prefix=prefix)
        if form.is_valid() and _saved(form, lambda: _create(request, model, sent, form)):
            messages.success(request, done)
            return redirect("configurator:edit", code=code)
        status = 400
    elif request.method == "POST":
        forms = edit_forms(model, request.POST)
        if all(form.is_valid() for form in forms.values()) and _saved(
            forms["model_form"], lambda: _edit_model(request, model, forms)
        ):
            messages.success(request, "Изменения сохранены.")
            return redirect("configurator:edit", code=code)
        status = 400
    return render(
        request,
        "configurator/model_edit.html",
        {"model": model, **adding, **forms},
        status=status,
    )


def _saved(form, action) -> bool:
    """Run the service; a business refusal becomes an error of the form."""
    try:
        action()
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


def _edit_model(request, model, forms) -> None:
    def rows(formset):
        return {form.instance.pk: form.cleaned_data for form in formset.forms}

    services.product_model_edit(
        actor=request.actor,
        product_model_id=model.pk,
        model=forms["model_form"].cleaned_data,
        parameters=rows(forms["parameters"]),
        options=rows(forms["options"]),
        rules=rows(forms["rules"]),
    )


def _create(request, model, sent: str, form) -> None:
    data = dict(form.cleaned_data)
    if sent == "add_option":
        parameter = data.pop("parameter")
        services.option_create(actor=request.actor, parameter_id=parameter.pk, data=data)
    elif sent == "add_parameter":
        services.parameter_create(
            actor=request.actor,
            product_model_id=model.pk,
            data=data,
            first_option=form.first_option(),
        )
    else:
        services.rule_create(actor=request.actor, product_model_id=model.pk, data=data)
