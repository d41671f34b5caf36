"""validate / list_price / draw_svg without a database."""

from decimal import Decimal

import pytest
from django.utils import translation
from lxml import etree

from portal.catalog.configurator.conditions import ConditionError, evaluate, parse_condition
from portal.catalog.configurator.configuration import resolve
from portal.catalog.configurator.drawing import draw_svg
from portal.catalog.configurator.pricing import list_price
from portal.catalog.configurator.validation import validate

from .definitions import door, window

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str):
    return etree.fromstring(svg.encode())


def by_class(root, css_class: str):
    return [e for e in root.iter() if css_class in (e.get("class") or "").split()]


def test_defaults_are_valid():
    assert validate(window(), {}) == []


def test_too_wide_tilt_turn_sash_is_refused_next_to_that_sash():
    violations = validate(window(), {"width": "2000", "sash_count": "2", "sash_type_2": "turn"})
    assert [(v.parameter_code, v.message) for v in violations] == [
        (
            "sash_type_1",
            "Ширина створки с поворотно-откидным открыванием не более 900 мм. (створка 1)",
        )
    ]


def test_narrow_sashes_pass_the_width_rule():
    assert validate(window(), {"width": "1800", "sash_count": "2"}) == []


def test_too_large_area():
    violations = validate(
        window(),
        {
            "width": "3000",
            "height": "2400",
            "sash_count": "3",
            "sash_type_1": "fixed",
            "sash_type_2": "fixed",
            "sash_type_3": "fixed",
        },
    )
    assert [(v.parameter_code, v.message) for v in violations] == [
        ("", "Площадь изделия не более 6 м².")
    ]


def test_entry_errors_name_the_field_in_russian():
    violations = validate(window(), {"width": "abc", "height": "2405", "sash_type_1": "zzz"})
    assert {v.parameter_code: v.message for v in violations} == {
        "width": "Введите число.",
        "height": "Допустимо от 400 до 2400 мм.",
        "sash_type_1": "Выберите значение из списка.",
    }
    assert validate(window(), {"height": "1405"})[0].message == "Значение должно быть кратно 10 мм."


def test_dependency_hides_opening_side_of_a_fixed_sash():
    configuration = resolve(window(), {"sash_count": "2", "sash_type_1": "fixed"})
    codes = [f.code for f in configuration.fields]
    assert "opening_side_1" not in codes
    assert "opening_side_2" in codes
    assert "mosquito_net" in codes


def test_hidden_field_is_neither_validated_nor_priced():
    choices = {
        "sash_count": "1",
        "sash_type_1": "fixed",
        "opening_side_1": "nonsense",
        "mosquito_net": "1",
    }
    assert validate(window(), choices) == []
    configuration = resolve(window(), choices)
    assert "mosquito_net" not in configuration.choices()
    labels = [line.label for line in list_price(window(), choices).lines]
    assert not any("Москитная" in label for label in labels)


def test_sash_count_expands_per_sash_fields():
    configuration = resolve(window(), {"sash_count": "3"})
    assert [f.code for f in configuration.fields if f.parameter.code == "sash_type"] == [
        "sash_type_1",
        "sash_type_2",
        "sash_type_3",
    ]
    assert configuration.field("sash_type_2").label == "Тип открывания — створка 2"


def test_price_breakdown_sums_exactly_and_follows_the_formula():
    choices = {
        "width": "1310",
        "height": "1430",
        "sash_count": "2",
        "sash_type_2": "turn",
        "colour_outside": "golden_oak",
        "mosquito_net": "1",
    }
    breakdown = list_price(window(), choices)
    amounts = {line.label: line.amount for line in breakdown.lines}
    area = Decimal("1.3100") * Decimal("1.4300")  # 1.8733 m²
    assert amounts["Базовая цена"] == Decimal("2500.00")
    assert amounts["Площадь 1,873 м² × 5\u202f200,33 ₽"] == (area * Decimal("5200.33")).quantize(
        Decimal("0.01")
    )
    assert amounts["Створки: 2 × 600,00 ₽"] == Decimal("1200.00")
    assert amounts["Тип открывания — створка 1: Поворотно-откидная"] == Decimal("3900.00")
    assert amounts["Тип открывания — створка 2: Поворотная"] == Decimal("2500.00")
    assert amounts["Цвет снаружи: Золотой дуб"] == Decimal("3559.46")  # 1.8733 × 1900.10 = 3559.457
    assert amounts["Москитная сетка: да"] == Decimal("1200.00")
    assert breakdown.total == sum(amounts.values())
    assert all(amount == amount.quantize(Decimal("0.01")) for amount in amounts.values())


def test_breakdown_lines_are_stored_in_russian_and_shown_in_the_readers_language():
    """The lines are stored in snapshots: the language of whoever priced it must not show in
    ``label``; a page shows ``shown``, in its reader's language."""
    with translation.override("en"):
        breakdown = list_price(window(), {"width": "1310", "height": "1430", "sash_count": "2"})
        shown = [line.shown for line in breakdown.lines]
        scaled = [line.shown for line in breakdown.scaled_to(Decimal("10000")).lines]
    labels = [line.label for line in breakdown.lines]
    assert "Площадь 1,873 м² × 5\u202f200,33 ₽" in labels and "Базовая цена" in labels
    assert "Area 1.873 m² × 5,200.33 ₽" in shown and "Base price" in shown
    assert "Sashes: 2 × 600.00 ₽" in shown
    assert scaled == shown  # a tier's own price restates the same lines


def test_scaled_breakdown_keeps_shares_and_hits_the_total_exactly():
    breakdown = list_price(window(), {"width": "1310", "height": "1430"})
    scaled = breakdown.scaled_to(Decimal("12345.67"))
    assert sum(line.amount for line in scaled.lines) == Decimal("12345.67")
    assert [line.label for line in scaled.lines] == [line.label for line in breakdown.lines]


def test_drawing_has_one_sash_per_choice_and_the_opening_marks():
    choices = {
        "sash_count": "3",
        "sash_type_1": "fixed",
        "sash_type_2": "turn",
        "opening_side_2": "right",
        "sash_type_3": "tilt_turn",
        "width": "2400",
    }
    root = parsed(draw_svg(window(), choices))
    sashes = [e for e in root.iter() if e.get("data-sash")]
    assert [(e.get("data-sash"), e.get("data-type")) for e in sashes] == [
        ("1", "fixed"),
        ("2", "turn"),
        ("3", "tilt_turn"),
    ]
    assert len(by_class(root, "mark-turn")) == 4  # two lines for each turning sash
    assert len(by_class(root, "mark-tilt")) == 2  # the tilt-turn sash
    assert len(by_class(root, "handle")) == 2  # none on the fixed pane
    assert len(by_class(root, "mullion")) == 2


def test_turn_marks_meet_at_the_hinge_side():
    root = parsed(
        draw_svg(window(), {"sash_count": "1", "sash_type_1": "turn", "opening_side_1": "right"})
    )
    pane = by_class(root, "pane")[0]
    right = float(pane.get("x")) + float(pane.get("width"))
    marks = by_class(root, "mark-turn")
    assert {float(m.get("x2")) for m in marks} == {round(right, 1)}
    tilt = parsed(draw_svg(window(), {"sash_count": "1", "sash_type_1": "tilt"}))
    bottom = float(pane.get("y")) + float(pane.get("height"))
    assert {float(m.get("y2")) for m in by_class(tilt, "mark-tilt")} == {round(bottom, 1)}


def test_drawing_shows_dimensions_and_outside_colour():
    svg = draw_svg(window(), {"width": "1310", "height": "1430", "colour_outside": "golden_oak"})
    root = parsed(svg)
    texts = [e.text for e in by_class(root, "dimension-text")]
    assert texts == ["1310", "1430"]
    assert by_class(root, "frame")[0].get("fill") == "#b5803f"


def test_door_drawing_has_leaf_and_handle_on_the_free_side():
    root = parsed(draw_svg(door(), {"opening_side": "right"}))
    leaf = by_class(root, "leaf")[0]
    assert leaf.get("data-hinge") == "right"
    circle = root.find(f".//{SVG}g[@class='handle']/{SVG}circle")
    assert float(circle.get("cx")) < float(leaf.get("x")) + float(leaf.get("width")) / 2


def test_hostile_text_is_escaped():
    svg = draw_svg(window(name='<script>alert(1)</script>" onload="x'), {"width": "<b>"})
    assert "<script>" not in svg
    assert 'onload="x' not in svg
    assert "&lt;script&gt;" in svg
    parsed(svg)  # still well-formed XML


def test_conditions_refuse_unknown_names_and_operators_in_russian():
    with pytest.raises(ConditionError, match="неизвестный параметр «wdth»"):
        parse_condition({"param": "wdth", "gt": 1}, params={"width"})
    with pytest.raises(ConditionError, match="ровно один оператор"):
        parse_condition({"param": "width", "like": 1}, params={"width"})
    with pytest.raises(ConditionError, match="только с числом"):
        parse_condition({"param": "width", "gt": "wide"}, params={"width"})
    with pytest.raises(ConditionError, match="объектом JSON"):
        parse_condition("__import__('os')", params={"width"})


def test_conditions_evaluate_branches():
    tree = parse_condition(
        {"any": [{"not": {"param": "a", "eq": "x"}}, {"calc": "width", "gte": "10.5"}]},
        params={"a"},
    )
    values = {("param", "a"): "x", ("calc", "width"): Decimal("10.5")}
    assert evaluate(tree, lambda kind, name: values.get((kind, name)))
    values[("calc", "width")] = Decimal("10")
    assert not evaluate(tree, lambda kind, name: values.get((kind, name)))
