"""The configurator pages: who may use them, what they show, what saving and editing do."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.catalog.configurator.models import (
    ConfigurationSnapshot,
    Option,
    Parameter,
    ProductModel,
    Rule,
)
from portal.catalog.configurator.pricing import list_price
from portal.catalog.configurator.selectors import definition_of, product_model_get
from portal.pricing.formatting import format_money
from portal.pricing.models import SubdealerMarkup

WINDOW = "pvc-window"
HTMX = {"HTTP_HX_REQUEST": "true"}


def rub(amount: Decimal) -> str:
    return format_money(amount, currency=True)


def detail(code=WINDOW):
    return reverse("configurator:detail", args=[code])


def edit(code=WINDOW):
    return reverse("configurator:edit", args=[code])


def window_list_total(choices=None):
    return list_price(definition_of(product_model_get(WINDOW)), choices or {}).total


@pytest.mark.parametrize("url", ["configurator:list", "configurator:snapshots"])
def test_anonymous_goes_to_login(world, demo_models, url):
    response = world.client(None).get(reverse(url))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    response = world.client(None).get(detail())
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    "who", ["factory_admin", "manager_a", "dealer_a_employee", "sub_a1_employee"]
)
def test_every_role_may_configure(world, demo_models, who):
    client = world.client(who)
    assert "Окно ПВХ" in client.get(reverse("configurator:list")).content.decode()
    response = client.get(detail())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'name="width"' in page and 'type="number"' in page
    assert re.search(r'name="width"[^>]*min="400"\s+max="3000"\s+step="10"', page)


def test_inactive_model_is_not_found(world, demo_models):
    ProductModel.objects.filter(code=WINDOW).update(is_active=False)
    assert world.client("dealer_a_employee").get(detail()).status_code == 404


def test_htmx_change_answers_the_partial_with_violation_next_to_the_sash(world, demo_models):
    response = world.client("dealer_a_employee").post(
        detail(), {"width": "2000", "sash_count": "2", "sash_type_2": "fixed"}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and page.lstrip().startswith("<form")
    assert (
        '<div id="cfg-sash_type_1-error"><p class="field__error">Ширина створки с '
        "поворотно-откидным открыванием не более 900 мм. (створка 1)</p></div>"
    ) in page
    assert 'name="opening_side_2"' not in page  # hidden: the second sash is fixed
    assert "disabled" in page  # nothing invalid can be saved


def test_dealer_sees_list_breakdown_and_steps_and_saves(world, demo_models):
    client = world.client("dealer_a_employee")
    choices = {"width": "1500", "height": "1400", "sash_count": "2", "mosquito_net": "1"}
    page = client.post(detail(), choices).content.decode()
    total = window_list_total(choices)
    assert "Расчёт по прайсу завода" in page
    assert "Москитная сетка: да" in page
    assert "Закупочная цена дилера" in page
    response = client.post(detail(), {**choices, "save": "1"})
    saved = ConfigurationSnapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("configurator:snapshot", args=[saved.pk])
    assert saved.organisation == world.dealer_a and saved.author == world.dealer_a_employee
    assert saved.amount == total  # no discount for dealer A: it pays the list price
    assert Decimal(saved.list_price["total"]) == total
    assert saved.choices["mosquito_net"] == "1" and "<svg" in saved.svg
    assert AuditEvent.objects.filter(action="configurator.snapshot_create").count() == 1
    assert client.get(response["Location"]).status_code == 200


def test_invalid_configuration_is_not_saved(world, demo_models):
    response = world.client("dealer_a_employee").post(
        detail(), {"width": "3000", "height": "2400", "save": "1"}
    )
    assert response.status_code == 400
    assert "Площадь изделия не более 6 м²." in response.content.decode()
    assert not ConfigurationSnapshot.objects.exists()


def test_sub_dealer_sees_only_its_own_price(world, demo_models):
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("10"))
    client = world.client("sub_a1_employee")
    page = client.get(detail()).content.decode()
    total = window_list_total()
    own = (total * Decimal("1.1")).quantize(Decimal("0.01"))
    assert rub(own) in page
    assert rub(total) not in page
    assert "Закупочная цена дилера" not in page and "прайсу завода" not in page
    assert "Из чего складывается цена" in page
    client.post(detail(), {"save": "1"})
    saved = ConfigurationSnapshot.objects.get()
    assert saved.amount == own and saved.organisation == world.sub_a1
    snapshot_page = client.get(reverse("configurator:snapshot", args=[saved.pk])).content.decode()
    assert rub(total) not in snapshot_page and rub(own) in snapshot_page


@pytest.mark.parametrize("who", ["manager_a", "factory_admin", "dealer_a_employee"])
def test_the_factory_and_the_dealer_see_a_subdealers_price(world, demo_models, who):
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("10"))
    client = world.client(who)
    choices = {"width": "1500", "height": "1400", "sash_count": "2"}
    page = client.post(detail(), {**choices, "price_for": world.sub_a1.pk}, **HTMX)
    text = page.content.decode()
    own = (window_list_total(choices) * Decimal("1.1")).quantize(Decimal("0.01"))
    assert f'"configurator__amount"><strong>{rub(own)}</strong>' in text
    assert "Наценка дилера +10%" in text
    assert f'<option value="{world.sub_a1.pk}" selected>— Субдилер А1</option>' in text
    assert re.search(r'name="save"[^>]* disabled>', text)  # saving keeps the viewer's own price
    client.post(detail(), {**choices, "price_for": world.sub_a1.pk, "save": "1"})
    assert (
        ConfigurationSnapshot.objects.get().organisation
        == world.orgs["dealer_a" if who.startswith("dealer") else "factory"]
    )


@pytest.mark.parametrize(
    ("who", "asked"), [("manager_b", "sub_a1"), ("sub_a1_employee", "dealer_a")]
)
def test_a_company_one_may_not_price_for_gets_ones_own_price(world, demo_models, who, asked):
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("10"))
    text = world.client(who).post(detail(), {"price_for": world.orgs[asked].pk}, **HTMX)
    text = text.content.decode()
    marked_up = (window_list_total() * Decimal("1.1")).quantize(Decimal("0.01"))
    if who == "manager_b":  # the factory's own price, and only its own dealers to choose from
        assert f'"configurator__amount"><strong>{rub(window_list_total())}</strong>' in text
        assert "Субдилер А1" not in text and "Субдилер Б1" in text
    else:  # a sub-dealer has no choice: its own price, restated
        assert 'name="price_for"' not in text
        assert f'"configurator__amount"><strong>{rub(marked_up)}</strong>' in text


def test_sub_dealer_without_a_price_cannot_save(world, demo_models):
    client = world.client("sub_a1_employee")
    assert "ещё не назначена" in client.get(detail()).content.decode()
    assert client.post(detail(), {"save": "1"}).status_code == 400
    assert not ConfigurationSnapshot.objects.exists()


def test_snapshots_are_seen_by_owner_and_factory_only(world, demo_models):
    world.client("dealer_a_employee").post(detail(), {"save": "1"})
    saved = ConfigurationSnapshot.objects.get()
    url = reverse("configurator:snapshot", args=[saved.pk])
    for who in ("dealer_b_admin", "sub_a1_admin", "sub_b1_admin"):
        assert world.client(who).get(url).status_code == 404, who
    for who in ("dealer_a_admin", "factory_admin", "manager_b"):
        assert world.client(who).get(url).status_code == 200, who
    listing = world.client("dealer_b_admin").get(reverse("configurator:snapshots")).content.decode()
    assert url not in listing
    assert (
        url
        in world.client("dealer_a_admin").get(reverse("configurator:snapshots")).content.decode()
    )


@pytest.mark.parametrize("who", ["dealer_a_admin", "manager_a", "sub_a1_admin", "accountant"])
def test_only_factory_admin_edits_models(world, demo_models, who):
    client = world.client(who)
    assert client.get(edit()).status_code == 403
    before = list(ProductModel.objects.values()), list(Option.objects.values())
    response = client.post(edit(), {"model-base_price": "1"})
    assert response.status_code == 403
    response = client.post(edit(), {"add_option": "1", "new-code": "x", "new-label": "X"})
    assert response.status_code == 403
    assert (list(ProductModel.objects.values()), list(Option.objects.values())) == before


def _edit_form(client) -> dict:
    """The editor's form as the browser would send it back unchanged."""
    response = client.get(edit())
    assert response.status_code == 200
    data = {}
    for name in ("model_form",):
        form = response.context[name]
        for field in form:
            value = field.value()
            if value is not None and value is not False:
                data[field.html_name] = "on" if value is True else value
    for name in ("parameters", "options", "rules"):
        formset = response.context[name]
        for field in formset.management_form:
            data[field.html_name] = field.value()
        for form in formset:
            for field in form:
                value = field.value()
                if value is None or value is False:
                    continue
                data[field.html_name] = "on" if value is True else value
    return data


def test_factory_admin_edits_formula_option_and_rule_with_audit(world, demo_models):
    client = world.client("factory_admin")
    data = _edit_form(client)
    assert data["model-base_price"] == Decimal("2500.00")
    option = Option.objects.get(
        parameter__product_model__code=WINDOW, parameter__code="colour_outside", code="anthracite"
    )
    option_index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith("options-") and key.endswith("-id") and str(value) == str(option.pk)
    )
    data["model-base_price"] = "2700"
    data[f"options-{option_index}-price"] = "2300"
    response = client.post(edit(), data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["options"]
    ]
    assert ProductModel.objects.get(code=WINDOW).base_price == Decimal("2700")
    option.refresh_from_db()
    assert option.price == Decimal("2300")
    event = AuditEvent.objects.get(action="configurator.model_edit")
    assert event.changes["model"] == {"base_price": ["2500.00", "2700"]}
    assert list(event.changes["options"].values()) == [{"price": ["2100.00", "2300"]}]


def test_broken_rule_json_is_refused_and_nothing_changes(world, demo_models):
    client = world.client("factory_admin")
    data = _edit_form(client)
    data["model-base_price"] = "9999"
    data["rules-0-condition"] = '{"calc": "sash_widht", "gt": 900}'
    response = client.post(edit(), data)
    assert response.status_code == 400
    assert "Неизвестная расчётная величина «sash_widht»" in response.content.decode()
    assert ProductModel.objects.get(code=WINDOW).base_price == Decimal("2500")
    assert not AuditEvent.objects.filter(action="configurator.model_edit").exists()
    assert Rule.objects.get(product_model__code=WINDOW, code="tilt_turn_width").condition["all"]


def test_factory_admin_adds_an_option_without_code(world, demo_models):
    client = world.client("factory_admin")
    colour = product_model_get(WINDOW).parameters.get(code="colour_outside")
    response = client.post(
        edit(),
        {
            "add_option": "1",
            "new-parameter": colour.pk,
            "new-code": "mahogany",
            "new-label": "Махагон",
            "new-price": "2200",
            "new-price_unit": "m2",
            "new-swatch": "#7b3f2a",
            "new-position": "9",
        },
    )
    assert response.status_code == 302
    assert Option.objects.get(parameter=colour, code="mahogany").label == "Махагон"
    assert AuditEvent.objects.filter(action="configurator.option_create").exists()
    page = world.client("dealer_a_employee").get(detail()).content.decode()
    assert "Махагон" in page and 'fill="#7b3f2a"' in page
    response = client.post(
        edit(),
        {
            "add_option": "1",
            "new-parameter": colour.pk,
            "new-code": "bad",
            "new-label": "Плохой",
            "new-price": "1",
            "new-price_unit": "m2",
            "new-swatch": "red",
            "new-position": "1",
        },
    )
    assert response.status_code == 400
    assert not Option.objects.filter(code="bad").exists()


def test_page_query_count_does_not_grow_with_parameters(world, demo_models):
    client = world.client("dealer_a_employee")
    client.get(detail())  # warm the session
    counts = {}
    for code in (WINDOW, "interior-door"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(detail(code)).status_code == 200
        counts[code] = len(queries)
    assert counts[WINDOW] == counts["interior-door"]
    assert counts[WINDOW] <= 15, counts


def _add_parameter(client, **fields):
    data = {"add_parameter": "1", "param-position": "50", "param-price": "0"}
    data |= {f"param-{name}": value for name, value in fields.items()}
    data.setdefault("param-price_unit", "item")
    return client.post(edit(), data)


def test_factory_admin_adds_a_list_parameter_and_dealers_configure_with_it(world, demo_models):
    client = world.client("factory_admin")
    response = _add_parameter(
        client,
        code="lamination",
        label="Ламинация",
        type="choice",
        option_code="none",
        option_label="Без ламинации",
        option_price="0",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    parameter = Parameter.objects.get(product_model__code=WINDOW, code="lamination")
    assert parameter.default == "none"
    assert list(parameter.options.values_list("code", "label")) == [("none", "Без ламинации")]
    event = AuditEvent.objects.get(action="configurator.parameter_create")
    assert event.changes["option"] == "none: Без ламинации"
    colour = {
        "add_option": "1",
        "new-parameter": parameter.pk,
        "new-code": "oak",
        "new-label": "Золотой дуб",
        "new-price": "3100",
        "new-price_unit": "item",
        "new-position": "1",
    }
    assert client.post(edit(), colour).status_code == 302
    page = world.client("dealer_a_employee").get(detail(), {"lamination": "oak"}).content.decode()
    assert "Ламинация" in page and "Золотой дуб" in page
    assert rub(Decimal(3100)) in page  # the add-on in the list-price breakdown


def test_list_parameter_without_a_first_option_is_refused(world, demo_models):
    client = world.client("factory_admin")
    response = _add_parameter(client, code="lamination", label="Ламинация", type="choice")
    assert response.status_code == 400
    assert "хотя бы один вариант" in response.content.decode()
    assert not Parameter.objects.filter(code="lamination").exists()


def test_size_parameter_limits_are_checked(world, demo_models):
    client = world.client("factory_admin")
    response = _add_parameter(
        client,
        code="sill_depth",
        label="Глубина подоконника",
        type="dimension",
        min_value="300",
        max_value="100",
        default="200",
    )
    assert response.status_code == 400
    assert "Максимум должен быть не меньше минимума" in response.content.decode()
    assert not Parameter.objects.filter(code="sill_depth").exists()


def test_factory_admin_adds_a_rule_that_refuses_configurations(world, demo_models):
    client = world.client("factory_admin")
    response = client.post(
        edit(),
        {
            "add_rule": "1",
            "rule-code": "max_height_small",
            "rule-message": "Высота окна не больше 1500 мм для этой модели.",
            "rule-condition": '{"calc": "height", "gt": 1500}',
            "rule-parameter_code": "height",
            "rule-position": "9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert AuditEvent.objects.filter(action="configurator.rule_create").exists()
    page = world.client("dealer_a_employee").get(detail(), {"height": "1600"}).content.decode()
    assert "Высота окна не больше 1500 мм для этой модели." in page


def test_rule_with_an_unknown_parameter_is_refused(world, demo_models):
    client = world.client("factory_admin")
    before = list(Rule.objects.values())
    response = client.post(
        edit(),
        {
            "add_rule": "1",
            "rule-code": "broken",
            "rule-message": "Сообщение",
            "rule-condition": '{"param": "no_such", "eq": "x"}',
            "rule-position": "1",
        },
    )
    assert response.status_code == 400
    assert "no_such" in response.content.decode()
    assert list(Rule.objects.values()) == before


def test_only_factory_admin_adds_parameters_and_rules(world, demo_models):
    before = list(Parameter.objects.values()), list(Rule.objects.values())
    client = world.client("manager_a")
    assert _add_parameter(client, code="x", label="X", type="boolean").status_code == 403
    response = client.post(edit(), {"add_rule": "1", "rule-code": "x", "rule-message": "X"})
    assert response.status_code == 403
    assert (list(Parameter.objects.values()), list(Rule.objects.values())) == before
