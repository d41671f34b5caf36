"""Demo configurable products: a PVC window, a balcony door, a steel entrance door and an
interior door, with their parameters, options, rules and price formulas.

Every row is found by its code before it is created, so running the demo again changes
nothing (and keeps whatever the factory admin has edited since).
"""

from __future__ import annotations

from decimal import Decimal

from portal.catalog.configurator.models import Option, Parameter, ProductModel, Rule

D = Decimal
OPENS = {"param": "sash_type", "in": ["turn", "tilt_turn"]}

PROFILES = [
    ("sp58", "Северный профиль 58", D(0)),
    ("sp70", "Северный профиль 70", D(850)),
    ("termo82", "Термо 82", D(1900)),
]
GLASS_UNITS = [
    ("one_chamber", "Однокамерный 4-16-4", D(0)),
    ("two_chamber", "Двухкамерный 4-10-4-10-4", D(1100)),
    ("energy", "Энергосберегающий 4i-12-4-12-4", D(1800)),
]
COLOURS = [
    ("white", "Белый", D(0), "#ffffff"),
    ("golden_oak", "Золотой дуб", D(1900), "#b5803f"),
    ("anthracite", "Антрацит", D(2100), "#3b4245"),
    ("walnut", "Орех", D(1900), "#6b4226"),
]
HANDLES = [
    ("standard", "Стандартная, белая", D(0)),
    ("secure", "С ключом (детская защита)", D(950)),
]
SIDES = [("left", "Левое (петли слева)", D(0)), ("right", "Правое (петли справа)", D(0))]


def _dimension(code, label, low, high, default, step=10, **extra):
    return {
        "code": code,
        "label": label,
        "type": "dimension",
        "unit": "мм",
        "min_value": D(low),
        "max_value": D(high),
        "step": D(step),
        "default": str(default),
        **extra,
    }


def _choice(code, label, options, default, *, unit="item", **extra):
    """``options``: (code, label, price) or (code, label, price, swatch) tuples."""
    return {
        "code": code,
        "label": label,
        "type": "choice",
        "default": default,
        "options": [
            {"code": o[0], "label": o[1], "price": o[2], "price_unit": unit, "swatch": o[3]}
            if len(o) == 4
            else {"code": o[0], "label": o[1], "price": o[2], "price_unit": unit}
            for o in options
        ],
        **extra,
    }


def _colours(code, label):
    return _choice(code, label, COLOURS, "white", unit="m2")


WINDOW = {
    "code": "pvc-window",
    "name": "Окно ПВХ",
    "kind": "window",
    "description": "Окно из ПВХ-профиля на 1–3 створки под размер проёма.",
    "base_price": D(2500),
    "price_per_m2": D(5200),
    "price_per_sash": D(600),
    "parameters": [
        _dimension("width", "Ширина", 400, 3000, 1300),
        _dimension("height", "Высота", 400, 2400, 1400),
        _choice("profile", "Профильная система", PROFILES, "sp58", unit="m2"),
        {
            "code": "sash_count",
            "label": "Число створок",
            "type": "number",
            "unit": "шт",
            "min_value": D(1),
            "max_value": D(3),
            "step": D(1),
            "default": "2",
        },
        _choice(
            "sash_type",
            "Тип открывания",
            [
                ("fixed", "Глухая", D(0)),
                ("turn", "Поворотная", D(2500)),
                ("tilt_turn", "Поворотно-откидная", D(3900)),
            ],
            "tilt_turn",
            per_sash=True,
        ),
        _choice(
            "opening_side", "Сторона открывания", SIDES, "left", per_sash=True, condition=OPENS
        ),
        _choice("glass_unit", "Стеклопакет", GLASS_UNITS, "one_chamber", unit="m2"),
        _colours("colour_inside", "Цвет изнутри"),
        _colours("colour_outside", "Цвет снаружи"),
        _choice("handle", "Ручка", HANDLES, "standard"),
        _choice(
            "sill",
            "Подоконник",
            [
                ("none", "Без подоконника", D(0)),
                ("d200", "Глубина 200 мм", D(650)),
                ("d300", "Глубина 300 мм", D(900)),
                ("d400", "Глубина 400 мм", D(1200)),
            ],
            "none",
            unit="width_m",
        ),
        {
            "code": "mosquito_net",
            "label": "Москитная сетка",
            "type": "boolean",
            "default": "0",
            "price": D(1200),
            "condition": {
                "any": [{"param": f"sash_type_{n}", "in": ["turn", "tilt_turn"]} for n in (1, 2, 3)]
            },
        },
    ],
    "rules": [
        {
            "code": "tilt_turn_width",
            "message": "Ширина створки с поворотно-откидным открыванием не более 900 мм.",
            "condition": {
                "all": [
                    {"param": "sash_type", "in": ["tilt_turn"]},
                    {"calc": "sash_width", "gt": 900},
                ]
            },
            "parameter_code": "sash_type",
            "per_sash": True,
        },
        {
            "code": "turn_width",
            "message": "Ширина поворотной створки не более 1000 мм.",
            "condition": {
                "all": [{"param": "sash_type", "eq": "turn"}, {"calc": "sash_width", "gt": 1000}]
            },
            "parameter_code": "sash_type",
            "per_sash": True,
        },
        {
            "code": "sash_min_width",
            "message": "Ширина створки не менее 400 мм: уменьшите число створок или увеличьте ширину.",
            "condition": {"calc": "sash_width", "lt": 400},
            "parameter_code": "sash_count",
        },
        {
            "code": "max_area",
            "message": "Площадь изделия не более 6 м².",
            "condition": {"calc": "area_m2", "gt": 6},
        },
        {
            "code": "termo82_glass",
            "message": "Профиль «Термо 82» идёт только с двухкамерным или энергосберегающим стеклопакетом.",
            "condition": {
                "all": [
                    {"param": "profile", "eq": "termo82"},
                    {"param": "glass_unit", "eq": "one_chamber"},
                ]
            },
            "parameter_code": "glass_unit",
        },
    ],
}

BALCONY_DOOR = {
    "code": "balcony-door",
    "name": "Балконная дверь",
    "kind": "balcony_door",
    "description": "Балконная дверь ПВХ с нижней сэндвич-панелью.",
    "base_price": D(6900),
    "price_per_m2": D(5600),
    "parameters": [
        _dimension("width", "Ширина", 600, 1000, 750),
        _dimension("height", "Высота", 1700, 2500, 2150),
        _choice("profile", "Профильная система", PROFILES, "sp58", unit="m2"),
        _choice(
            "sash_type",
            "Тип открывания",
            [("turn", "Поворотная", D(0)), ("tilt_turn", "Поворотно-откидная", D(1400))],
            "tilt_turn",
        ),
        _choice("opening_side", "Сторона открывания", SIDES, "left"),
        _choice("glass_unit", "Стеклопакет", GLASS_UNITS, "one_chamber", unit="m2"),
        _colours("colour_inside", "Цвет изнутри"),
        _colours("colour_outside", "Цвет снаружи"),
        _choice(
            "handle",
            "Ручка",
            [("standard", "Односторонняя", D(0)), ("double", "Двусторонняя с защёлкой", D(1650))],
            "standard",
        ),
        {
            "code": "mosquito_net",
            "label": "Москитная сетка (дверная)",
            "type": "boolean",
            "default": "0",
            "price": D(2900),
        },
    ],
    "rules": [
        {
            "code": "height_range",
            "message": "Высота балконной двери от 1900 до 2400 мм.",
            "condition": {"any": [{"calc": "height", "lt": 1900}, {"calc": "height", "gt": 2400}]},
            "parameter_code": "height",
        },
        {
            "code": "tilt_turn_width",
            "message": "Ширина створки с поворотно-откидным открыванием не более 900 мм.",
            "condition": {
                "all": [
                    {"param": "sash_type", "eq": "tilt_turn"},
                    {"calc": "sash_width", "gt": 900},
                ]
            },
            "parameter_code": "sash_type",
        },
    ],
}

ENTRANCE_DOOR = {
    "code": "steel-entrance-door",
    "name": "Входная стальная дверь",
    "kind": "entrance_door",
    "description": "Стальная дверь с утеплением под размер проёма.",
    "base_price": D(24900),
    "parameters": [
        _dimension("width", "Ширина", 860, 1050, 960),
        _dimension("height", "Высота", 2050, 2100, 2050),
        _choice("opening_side", "Сторона открывания", SIDES, "left"),
        _choice(
            "finish",
            "Отделка",
            [
                ("graphite", "Порошковая окраска, графит", D(0), "#4a4d50"),
                ("wenge", "МДФ-панель, венге", D(6500), "#4b3621"),
                ("bleached_oak", "МДФ-панель, беленый дуб", D(6500), "#d9cbb4"),
                ("walnut_vinyl", "Винилискожа, орех", D(3200), "#6b4226"),
            ],
            "graphite",
        ),
        _choice(
            "lock_class",
            "Класс замка",
            [
                ("class2", "2 класс", D(0)),
                ("class3", "3 класс", D(4200)),
                ("class4", "4 класс", D(9800)),
            ],
            "class3",
        ),
        {"code": "peephole", "label": "Глазок", "type": "boolean", "default": "1", "price": D(450)},
    ],
    "rules": [
        {
            "code": "class4_width",
            "message": "Замок 4 класса ставится на полотно шириной от 900 мм.",
            "condition": {
                "all": [{"param": "lock_class", "eq": "class4"}, {"calc": "width", "lt": 900}]
            },
            "parameter_code": "lock_class",
        },
    ],
}

INTERIOR_DOOR = {
    "code": "interior-door",
    "name": "Межкомнатная дверь",
    "kind": "interior_door",
    "description": "Полотно с коробкой и наличниками.",
    "base_price": D(8900),
    "parameters": [
        _choice(
            "width",
            "Ширина полотна",
            [(str(w), f"{w} мм", D(0) if w < 900 else D(900)) for w in (600, 700, 800, 900)],
            "800",
        ),
        _choice(
            "height",
            "Высота полотна",
            [("2000", "2000 мм", D(0)), ("2100", "2100 мм", D(1200))],
            "2000",
        ),
        _choice("opening_side", "Сторона открывания", SIDES, "left"),
        _choice(
            "finish",
            "Отделка",
            [
                ("white_enamel", "Эмаль белая", D(0), "#f5f5f0"),
                ("oak_veneer", "Шпон дуба", D(2800), "#c8a165"),
                ("wenge", "Экошпон венге", D(1200), "#4b3621"),
                ("graphite_enamel", "Эмаль графит", D(1500), "#3b4245"),
            ],
            "white_enamel",
        ),
        _choice(
            "glass_insert",
            "Стеклянная вставка",
            [
                ("none", "Без стекла", D(0)),
                ("satin", "Сатинато", D(1800)),
                ("bronze", "Бронза", D(2200)),
            ],
            "none",
        ),
    ],
    "rules": [
        {
            "code": "glass_narrow",
            "message": "Стеклянная вставка на полотно 600 мм не ставится.",
            "condition": {
                "all": [{"param": "width", "eq": "600"}, {"param": "glass_insert", "ne": "none"}]
            },
            "parameter_code": "glass_insert",
        },
    ],
}

MODELS = (WINDOW, BALCONY_DOOR, ENTRANCE_DOOR, INTERIOR_DOOR)


def build() -> list[ProductModel]:
    """Create the demo models that are missing; leave existing ones (and admin edits) alone."""
    return [_model(spec, position) for position, spec in enumerate(MODELS, start=1)]


def _model(spec: dict, position: int) -> ProductModel:
    fields = {k: v for k, v in spec.items() if k not in ("code", "parameters", "rules")}
    model, _ = ProductModel.objects.get_or_create(
        code=spec["code"], defaults={**fields, "position": position}
    )
    for index, parameter_spec in enumerate(spec["parameters"], start=1):
        values = {k: v for k, v in parameter_spec.items() if k not in ("code", "options")}
        parameter, _ = Parameter.objects.get_or_create(
            product_model=model,
            code=parameter_spec["code"],
            defaults={**values, "position": index * 10},
        )
        for option_index, option in enumerate(parameter_spec.get("options", []), start=1):
            Option.objects.get_or_create(
                parameter=parameter,
                code=option["code"],
                defaults={
                    **{k: v for k, v in option.items() if k != "code"},
                    "position": option_index,
                },
            )
    for index, rule in enumerate(spec["rules"], start=1):
        Rule.objects.get_or_create(
            product_model=model,
            code=rule["code"],
            defaults={**{k: v for k, v in rule.items() if k != "code"}, "position": index},
        )
    return model
