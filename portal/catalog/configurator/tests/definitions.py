"""Hand-built definitions for the pure-function tests (no database)."""

from decimal import Decimal

from portal.catalog.configurator.conditions import parse_condition
from portal.catalog.configurator.definition import (
    Definition,
    OptionDef,
    ParameterDef,
    PriceFormula,
    RuleDef,
)

D = Decimal
NAMES = {
    "width",
    "height",
    "sash_count",
    "sash_type",
    "opening_side",
    "colour_outside",
    "mosquito_net",
    "sash_type_1",
    "sash_type_2",
    "sash_type_3",
}


def condition(data):
    return parse_condition(data, params=NAMES)


def window(name: str = "Окно ПВХ") -> Definition:
    return Definition(
        code="pvc-window",
        name=name,
        kind="window",
        formula=PriceFormula(base=D("2500"), per_m2=D("5200.33"), per_sash=D("600")),
        parameters=(
            ParameterDef("width", "Ширина", "dimension", "1300", "мм", D(400), D(3000), D(10)),
            ParameterDef("height", "Высота", "dimension", "1400", "мм", D(400), D(2400), D(10)),
            ParameterDef("sash_count", "Число створок", "number", "2", "шт", D(1), D(3), D(1)),
            ParameterDef(
                "sash_type",
                "Тип открывания",
                "choice",
                "tilt_turn",
                per_sash=True,
                options=(
                    OptionDef("fixed", "Глухая"),
                    OptionDef("turn", "Поворотная", D("2500")),
                    OptionDef("tilt", "Откидная", D("1800")),
                    OptionDef("tilt_turn", "Поворотно-откидная", D("3900")),
                ),
            ),
            ParameterDef(
                "opening_side",
                "Сторона открывания",
                "choice",
                "left",
                per_sash=True,
                condition=condition({"param": "sash_type", "in": ["turn", "tilt_turn"]}),
                options=(OptionDef("left", "Левое"), OptionDef("right", "Правое")),
            ),
            ParameterDef(
                "colour_outside",
                "Цвет снаружи",
                "choice",
                "white",
                options=(
                    OptionDef("white", "Белый", D(0), "m2", "#ffffff"),
                    OptionDef("golden_oak", "Золотой дуб", D("1900.10"), "m2", "#b5803f"),
                ),
            ),
            ParameterDef(
                "mosquito_net",
                "Москитная сетка",
                "boolean",
                "0",
                price=D("1200"),
                condition=condition(
                    {"any": [{"param": f"sash_type_{n}", "ne": "fixed"} for n in (1, 2, 3)]}
                ),
            ),
        ),
        rules=(
            RuleDef(
                "tilt_turn_width",
                "Ширина створки с поворотно-откидным открыванием не более 900 мм.",
                condition(
                    {
                        "all": [
                            {"param": "sash_type", "in": ["tilt_turn"]},
                            {"calc": "sash_width", "gt": 900},
                        ]
                    }
                ),
                parameter_code="sash_type",
                per_sash=True,
            ),
            RuleDef(
                "max_area",
                "Площадь изделия не более 6 м².",
                condition({"calc": "area_m2", "gt": 6}),
            ),
        ),
    )


def door() -> Definition:
    return Definition(
        code="steel-door",
        name="Входная стальная дверь",
        kind="entrance_door",
        formula=PriceFormula(base=D("24900")),
        parameters=(
            ParameterDef("width", "Ширина", "dimension", "960", "мм", D(860), D(1050), D(10)),
            ParameterDef("height", "Высота", "dimension", "2050", "мм", D(2050), D(2100), D(10)),
            ParameterDef(
                "opening_side",
                "Сторона открывания",
                "choice",
                "left",
                options=(OptionDef("left", "Левое"), OptionDef("right", "Правое")),
            ),
        ),
    )
