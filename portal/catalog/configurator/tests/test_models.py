"""Models as data: the demo definitions, validation of stored conditions, the definition."""

import pytest
from django.core.exceptions import ValidationError

from portal.catalog.configurator.models import Option, Parameter, ProductModel, Rule
from portal.catalog.configurator.selectors import definition_of, product_model_get
from portal.catalog.configurator.validation import validate
from portal.demo import configurator as demo


def counts():
    return [m.objects.count() for m in (ProductModel, Parameter, Option, Rule)]


def test_demo_build_is_idempotent(demo_models):
    before = counts()
    demo.build()
    assert counts() == before
    assert sorted(demo_models) == [
        "balcony-door",
        "interior-door",
        "pvc-window",
        "steel-entrance-door",
    ]


@pytest.mark.parametrize(
    "code", ["pvc-window", "balcony-door", "steel-entrance-door", "interior-door"]
)
def test_demo_defaults_are_valid(demo_models, code):
    definition = definition_of(product_model_get(code))
    assert validate(definition, {}) == []


def test_demo_window_rules(demo_models):
    definition = definition_of(product_model_get("pvc-window"))
    messages = [v.message for v in validate(definition, {"width": "2000", "sash_count": "2"})]
    assert messages == [
        "Ширина створки с поворотно-откидным открыванием не более 900 мм. (створка 1)",
        "Ширина створки с поворотно-откидным открыванием не более 900 мм. (створка 2)",
    ]
    balcony = definition_of(product_model_get("balcony-door"))
    assert [v.message for v in validate(balcony, {"height": "1800"})] == [
        "Высота балконной двери от 1900 до 2400 мм."
    ]


def test_a_broken_rule_condition_is_refused_in_russian(demo_models):
    rule = Rule.objects.get(product_model__code="pvc-window", code="max_area")
    rule.condition = {"calc": "area", "gt": 6}
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "Неизвестная расчётная величина «area»" in error.value.message_dict["condition"][0]


def test_a_dependency_may_only_look_at_earlier_parameters(demo_models):
    parameter = Parameter.objects.get(product_model__code="pvc-window", code="width")
    parameter.condition = {"param": "glass_unit", "eq": "energy"}
    with pytest.raises(ValidationError) as error:
        parameter.full_clean()
    assert error.value.message_dict["condition"] == [
        "Условие ссылается на неизвестный параметр «glass_unit»."
    ]


def test_limits_are_checked(demo_models):
    parameter = Parameter.objects.get(product_model__code="pvc-window", code="width")
    parameter.min_value = 5000
    with pytest.raises(ValidationError) as error:
        parameter.full_clean()
    assert error.value.message_dict == {"max_value": ["Максимум должен быть не меньше минимума."]}


def test_swatch_must_be_a_plain_colour(demo_models):
    option = Option.objects.filter(swatch__startswith="#").first()
    option.swatch = '"/><script>'
    with pytest.raises(ValidationError) as error:
        option.full_clean()
    assert "#RRGGBB" in error.value.message_dict["swatch"][0]
