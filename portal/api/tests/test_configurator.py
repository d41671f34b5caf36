from decimal import Decimal

import pytest

from portal.catalog.models import PriceType
from portal.demo import configurator as demo
from portal.pricing.models import PricingSettings, SubdealerMarkup

QUOTE = "/api/v1/configurator/models/pvc-window/quote/"
WINDOW = {
    "width": "1300",
    "height": "1400",
    "sash_count": "2",
    "sash_type_1": "tilt_turn",
    "sash_type_2": "fixed",
}


@pytest.fixture
def priced(world):
    """The demo window models, a base price list, and dealer A's 25 % mark-up for sub-dealers."""
    demo.build()
    base = PriceType.objects.create(external_id="pt-base", name="Дилерская")
    PricingSettings.objects.update_or_create(pk=1, defaults={"base_price_type": base})
    SubdealerMarkup.objects.create(
        dealer=world.dealer_a, subdealer=None, group=None, percent=Decimal("25")
    )


def quote(api, who, choices):
    response = api(who).post(QUOTE, {"choices": choices}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_models_are_listed(api, priced):
    codes = [
        model["code"] for model in api("sub_a1_employee").get("/api/v1/configurator/models/").json()
    ]
    assert "pvc-window" in codes


def test_a_valid_window_is_priced_for_each_tier(api, priced):
    dealer = quote(api, "dealer_a_employee", WINDOW)
    sub = quote(api, "sub_a1_employee", WINDOW)
    assert dealer["valid"] and sub["valid"] and dealer["violations"] == []
    dealer_price = Decimal(dealer["price"]["amount"])
    assert Decimal(sub["price"]["amount"]) == (dealer_price * Decimal("1.25")).quantize(
        Decimal("0.01")
    )
    assert sum(Decimal(line["amount"]) for line in dealer["breakdown"]) == dealer_price
    assert "<svg" in dealer["svg"]


def test_a_sub_dealer_never_receives_the_factory_or_dealer_price(api, priced):
    dealer_price = quote(api, "dealer_a_employee", WINDOW)["price"]["amount"]
    body = api("sub_a1_employee").post(QUOTE, {"choices": WINDOW}, format="json").content.decode()
    assert dealer_price not in body
    assert dealer_price.replace(".", ",") not in body


def test_rule_violations_name_the_parameter_in_russian(api, priced):
    answer = quote(
        api,
        "dealer_a_admin",
        {"width": "3000", "height": "2400", "sash_count": "1", "sash_type_1": "tilt_turn"},
    )
    assert not answer["valid"]
    messages = {v["parameter"]: v["message"] for v in answer["violations"]}
    assert "не более 900 мм" in messages["sash_type_1"]
    assert "Площадь изделия не более" in messages[""]


def test_unknown_model_and_bad_body(api, priced):
    assert (
        api("dealer_a_admin")
        .post("/api/v1/configurator/models/nope/quote/", {"choices": {}}, format="json")
        .status_code
        == 404
    )
    assert (
        api("dealer_a_admin").post(QUOTE, {"choices": "width=1"}, format="json").status_code == 400
    )
    assert api().post(QUOTE, {"choices": WINDOW}, format="json").status_code == 401


@pytest.mark.parametrize("who", ["manager_a", "dealer_a_employee"])
def test_the_factory_and_the_dealer_price_for_a_subdealer(api, world, priced, who):
    own = quote(api, "sub_a1_employee", WINDOW)["price"]
    asked = api(who).post(
        QUOTE, {"choices": WINDOW, "organisation": world.sub_a1.pk}, format="json"
    )
    assert asked.status_code == 200, asked.content
    price = asked.json()["price"]
    assert price["amount"] == own["amount"]
    assert [step["label"] for step in price["steps"]][-1] == "Наценка дилера +25%"


@pytest.mark.parametrize(
    ("who", "company", "status"),
    [
        ("manager_b", "sub_a1", 404),  # not among the dealers the manager handles
        ("dealer_b_admin", "dealer_a", 404),
        ("dealer_a_employee", "factory", 403),  # seen, but its price is not the dealer's to see
        ("sub_a1_employee", "sub_a1", 403),  # a sub-dealer asks for no company's price
    ],
)
def test_pricing_for_a_company_one_may_not(api, world, priced, who, company, status):
    body = {"choices": WINDOW, "organisation": world.orgs[company].pk}
    answer = api(who).post(QUOTE, body, format="json")
    assert answer.status_code == status, answer.content
    assert set(answer.json()) == {"detail"}
