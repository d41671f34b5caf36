"""Use-cases of the configurator: save a configuration; the factory admin edits models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.audit.services import audit_record, diff, snapshot
from portal.core.errors import DomainError, PermissionDenied

from . import policies
from .definition import ParamType
from .models import ConfigurationSnapshot, Option, Parameter, ProductModel, Rule
from .quotes import quote_for
from .selectors import definition_of, product_model_get

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

MODEL_FIELDS = ["name", "is_active", "vat_rate", "base_price", "price_per_m2", "price_per_sash"]
PARAMETER_FIELDS = ["label", "min_value", "max_value", "step", "default"]
OPTION_FIELDS = ["label", "price", "price_unit", "swatch", "is_active"]
RULE_FIELDS = ["message", "condition", "parameter_code", "is_active"]
NEW_OPTION_FIELDS = ["code", "label", "price", "price_unit", "swatch", "position"]
NEW_PARAMETER_FIELDS = [
    "code",
    "label",
    "type",
    "unit",
    "min_value",
    "max_value",
    "step",
    "default",
    "position",
    "per_sash",
    "condition",
    "price",
    "price_unit",
]
NEW_RULE_FIELDS = ["code", "message", "condition", "parameter_code", "per_sash", "position"]
FIRST_OPTION_FIELDS = ["code", "label", "price", "price_unit"]


@transaction.atomic
def snapshot_create(
    *, actor: Actor, code: str, choices: Mapping[str, str]
) -> ConfigurationSnapshot:
    """Freeze a valid configuration with its drawing, list price and the company's price."""
    model = product_model_get(code)
    quote = quote_for(actor=actor, definition=definition_of(model), choices=choices)
    if quote.violations:
        first = quote.violations[0]
        raise DomainError(first.message, field=first.parameter_code or None)
    if quote.price.amount is None:
        raise DomainError("Цена для вашей организации на это изделие ещё не назначена.")
    saved = ConfigurationSnapshot.objects.create(
        organisation=actor.organisation,
        author=actor.user,
        product_model=model,
        choices=quote.configuration.choices(),
        summary=[[f.label, f.display] for f in quote.configuration.fields],
        svg=quote.svg,
        list_price=quote.list_price.as_json(),
        vat_rate=model.vat_rate,
        amount=quote.price.amount,
        vat_amount=quote.price.vat_amount,
    )
    audit_record(
        action="configurator.snapshot_create",
        actor=actor,
        organisation=actor.organisation,
        obj=saved,
        changes={"model": model.code, "amount": str(saved.amount)},
    )
    return saved


@transaction.atomic
def product_model_edit(
    *,
    actor: Actor,
    product_model_id: int,
    model: Mapping[str, Any],
    parameters: Mapping[int, Mapping[str, Any]],
    options: Mapping[int, Mapping[str, Any]],
    rules: Mapping[int, Mapping[str, Any]],
) -> ProductModel:
    """Change the formula, limits, option add-ons and rules of one model in one go.

    Rows are matched by id within this model only; every row is checked as a whole
    (``full_clean``) and the audit row lists what changed, field by field.
    """
    if not policies.can_edit_product_models(actor):
        raise PermissionDenied("Изменять модели конфигуратора может только администратор завода.")
    product_model = ProductModel.objects.select_for_update().filter(pk=product_model_id).first()
    if product_model is None:
        raise DomainError("Модель изделия не найдена.")
    changes: dict[str, Any] = {}
    model_diff = _apply(product_model, model, MODEL_FIELDS)
    if model_diff:
        changes["model"] = model_diff
    groups = (
        (
            "parameters",
            Parameter.objects.filter(product_model=product_model),
            parameters,
            PARAMETER_FIELDS,
        ),
        (
            "options",
            Option.objects.filter(parameter__product_model=product_model),
            options,
            OPTION_FIELDS,
        ),
        ("rules", Rule.objects.filter(product_model=product_model), rules, RULE_FIELDS),
    )
    for name, queryset, data, fields in groups:
        rows = {row.pk: row for row in queryset.select_for_update().filter(pk__in=list(data))}
        if set(rows) != set(data):
            raise DomainError("Строка не принадлежит этой модели изделия.")
        for pk, values in data.items():
            row_diff = _apply(rows[pk], values, fields)
            if row_diff:
                changes.setdefault(name, {})[_row_name(rows[pk])] = row_diff
    if changes:
        audit_record(
            action="configurator.model_edit", actor=actor, obj=product_model, changes=changes
        )
    return product_model


@transaction.atomic
def option_create(*, actor: Actor, parameter_id: int, data: Mapping[str, Any]) -> Option:
    """Add a choice (a new colour, a new glass unit) to a parameter, without code."""
    if not policies.can_edit_product_models(actor):
        raise PermissionDenied("Изменять модели конфигуратора может только администратор завода.")
    parameter = Parameter.objects.select_for_update().filter(pk=parameter_id).first()
    if parameter is None:
        raise DomainError("Параметр не найден.", field="parameter")
    if parameter.type != "choice":
        raise DomainError(
            "Варианты есть только у параметров с выбором из списка.", field="parameter"
        )
    option = Option(parameter=parameter, **{k: data[k] for k in NEW_OPTION_FIELDS if k in data})
    _validated(option)
    try:
        with transaction.atomic():
            option.save()
    except IntegrityError:
        raise DomainError("Вариант с таким кодом у параметра уже есть.", field="code") from None
    audit_record(
        action="configurator.option_create",
        actor=actor,
        obj=option,
        changes={name: str(getattr(option, name)) for name in NEW_OPTION_FIELDS}
        | {"parameter": parameter.code, "model": parameter.product_model.code},
    )
    return option


@transaction.atomic
def parameter_create(
    *,
    actor: Actor,
    product_model_id: int,
    data: Mapping[str, Any],
    first_option: Mapping[str, Any] | None = None,
) -> Parameter:
    """Add a parameter (a sill, a lamination, a size) to a model, without code.

    A list parameter cannot exist without a choice, so it comes with its first option, which
    also becomes its default; a yes/no parameter starts switched off.
    """
    product_model = _model_for_edit(actor, product_model_id)
    parameter = Parameter(
        product_model=product_model, **{k: data[k] for k in NEW_PARAMETER_FIELDS if k in data}
    )
    if parameter.type == ParamType.CHOICE:
        if not first_option or not first_option.get("code") or not first_option.get("label"):
            raise DomainError(
                "У параметра со списком должен быть хотя бы один вариант: укажите его код и "
                "название.",
                field="option_code",
            )
        parameter.default = first_option["code"]
    elif parameter.type == ParamType.BOOLEAN:
        parameter.default = parameter.default if parameter.default in ("0", "1") else "0"
    _validated(parameter)
    _save_unique(parameter, "Параметр с таким кодом у модели уже есть.")
    changes = {name: str(getattr(parameter, name)) for name in NEW_PARAMETER_FIELDS}
    if parameter.type == ParamType.CHOICE:
        option = Option(
            parameter=parameter,
            **{k: first_option[k] for k in FIRST_OPTION_FIELDS if k in first_option},
        )
        _validated(option)
        option.save()
        changes["option"] = f"{option.code}: {option.label}"
    audit_record(
        action="configurator.parameter_create",
        actor=actor,
        obj=parameter,
        changes=changes | {"model": product_model.code},
    )
    return parameter


@transaction.atomic
def rule_create(*, actor: Actor, product_model_id: int, data: Mapping[str, Any]) -> Rule:
    """Add a rule with its Russian message: the configuration is refused while it holds."""
    product_model = _model_for_edit(actor, product_model_id)
    rule = Rule(product_model=product_model, **{k: data[k] for k in NEW_RULE_FIELDS if k in data})
    _validated(rule)
    _save_unique(rule, "Правило с таким кодом у модели уже есть.")
    audit_record(
        action="configurator.rule_create",
        actor=actor,
        obj=rule,
        changes={name: str(getattr(rule, name)) for name in NEW_RULE_FIELDS}
        | {"model": product_model.code},
    )
    return rule


def _model_for_edit(actor: Actor, product_model_id: int) -> ProductModel:
    if not policies.can_edit_product_models(actor):
        raise PermissionDenied("Изменять модели конфигуратора может только администратор завода.")
    product_model = ProductModel.objects.select_for_update().filter(pk=product_model_id).first()
    if product_model is None:
        raise DomainError("Модель изделия не найдена.")
    return product_model


def _save_unique(row, message: str) -> None:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(message, field="code") from None


def _apply(row, values: Mapping[str, Any], fields: list[str]) -> dict[str, Any]:
    before = snapshot(row, fields)
    for name in fields:
        if name in values:
            setattr(row, name, values[name])
    changed = diff(row, before, fields)
    if changed:
        _validated(row)
        row.save(update_fields=list(changed))
    return changed


def _validated(row) -> None:
    try:
        row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(
            f"{_row_name(row)}: {messages[0]}", field=None if field == "__all__" else field
        ) from None


def _row_name(row) -> str:
    return f"{row._meta.verbose_name} «{getattr(row, 'code', None) or row}»"
