"""Reads: product models for the configurator page, their parsed definitions, snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .conditions import parse_condition
from .definition import (
    Definition,
    OptionDef,
    ParameterDef,
    PriceFormula,
    RuleDef,
)
from .models import (
    ConfigurationSnapshot,
    Option,
    Parameter,
    ProductModel,
    Rule,
    condition_names,
)

if TYPE_CHECKING:
    from portal.organisations.actor import Actor


def product_model_list() -> QuerySet[ProductModel]:
    return ProductModel.objects.active()


def product_model_get(code: str, *, active_only: bool = True) -> ProductModel:
    """One model with its parameters, active options and active rules: four queries."""
    models = ProductModel.objects.active() if active_only else ProductModel.objects.all()
    return get_object_or_404(
        models.prefetch_related(
            Prefetch(
                "parameters",
                queryset=Parameter.objects.order_by("position", "id").prefetch_related(
                    Prefetch("options", queryset=Option.objects.filter(is_active=True))
                ),
            ),
            Prefetch("rules", queryset=Rule.objects.filter(is_active=True)),
        ),
        code=code,
    )


def definition_of(model: ProductModel) -> Definition:
    """The pure definition of a model fetched by ``product_model_get`` (no further queries)."""
    parameters = list(model.parameters.all())
    names = condition_names(parameters)
    return Definition(
        code=model.code,
        name=model.name,
        kind=model.kind,
        vat_rate=model.vat_rate,
        catalog_group_id=model.catalog_group_id,
        formula=PriceFormula(
            base=model.base_price, per_m2=model.price_per_m2, per_sash=model.price_per_sash
        ),
        parameters=tuple(
            ParameterDef(
                code=p.code,
                label=p.label,
                type=p.type,
                default=p.default,
                unit=p.unit,
                min_value=p.min_value,
                max_value=p.max_value,
                step=p.step,
                per_sash=p.per_sash,
                condition=parse_condition(p.condition, params=names) if p.condition else None,
                options=tuple(
                    OptionDef(o.code, o.label, o.price, o.price_unit, o.swatch)
                    for o in p.options.all()
                ),
                price=p.price,
                price_unit=p.price_unit,
            )
            for p in parameters
        ),
        rules=tuple(
            RuleDef(
                code=r.code,
                message=r.message,
                condition=parse_condition(r.condition, params=names),
                parameter_code=r.parameter_code,
                per_sash=r.per_sash,
            )
            for r in model.rules.all()
        ),
    )


def snapshot_list(actor: Actor) -> QuerySet[ConfigurationSnapshot]:
    return ConfigurationSnapshot.objects.visible_to(actor).select_related(
        "product_model", "author", "organisation"
    )


def snapshot_get_for(actor: Actor, snapshot_id: int) -> ConfigurationSnapshot:
    return get_object_or_404(snapshot_list(actor), pk=snapshot_id)
