import pytest

from portal.organisations.models import LegalEntity

URL = "/api/v1/legal-entities/"
VALID = {"name": "ООО «Окна Твери»", "inn": "7707083893", "kpp": "773601001"}


def organisations_of(response):
    assert response.status_code == 200, response.content
    return sorted(row["organisation"]["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("factory_admin", ["Дилер А", "Дилер Б", "Завод", "Субдилер А1", "Субдилер Б1"]),
        ("manager_b", ["Дилер Б", "Завод", "Субдилер Б1"]),
        ("dealer_a_employee", ["Дилер А", "Завод", "Субдилер А1"]),
        ("sub_a1_employee", ["Дилер А", "Субдилер А1"]),
    ],
)
def test_list_shows_legal_entities_of_visible_organisations(world, api, who, expected):
    assert organisations_of(api(who).get(URL)) == expected


def test_filter_by_organisation_and_inn(world, api):
    client = api("dealer_a_admin")
    assert organisations_of(client.get(URL, {"organisation": world.sub_a1.pk})) == ["Субдилер А1"]
    assert organisations_of(client.get(URL, {"search": "7700030"})) == ["Субдилер А1"]


def test_retrieve_and_404_for_a_stranger(world, api):
    client = api("sub_a1_admin")
    own = client.get(f"{URL}{world.legal_entities['sub_a1'].pk}/")
    assert own.status_code == 200
    assert own.json()["inn"] == "7700030028"
    for key in ("factory", "dealer_b", "sub_b1"):
        response = client.get(f"{URL}{world.legal_entities[key].pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Не найдено."}


@pytest.mark.parametrize("who", ["dealer_a_admin", "dealer_a_accountant"])
def test_admin_and_accountant_add_a_legal_entity(world, api, who):
    response = api(who).post(
        URL,
        {**VALID, "organisation": world.dealer_a.pk, "id": 777, "created_at": "2000-01-01"},
        format="json",
    )

    assert response.status_code == 201, response.content
    entity = LegalEntity.objects.get(inn=VALID["inn"])
    assert entity.organisation == world.dealer_a
    assert response.json()["organisation"] == {
        "id": world.dealer_a.pk,
        "name": "Дилер А",
        "kind": "dealer",
    }
    assert entity.pk != 777


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"inn": "7707083894"}, "inn", "ИНН с неверной контрольной цифрой"),
        ({"inn": "77070838"}, "inn", "ИНН должен состоять из 10 цифр"),
        ({"kpp": "77360100"}, "kpp", "КПП — 9 символов"),
        ({"kpp": ""}, "kpp", "должен быть КПП"),
        ({"bik": "123"}, "bik", "БИК"),
    ],
)
def test_bad_requisites_answer_400_naming_the_field(world, api, unchanged, changes, field, words):
    client = api("dealer_a_admin")
    with unchanged():
        response = client.post(
            URL, {**VALID, **changes, "organisation": world.dealer_a.pk}, format="json"
        )
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert words in response.json()["detail"]


def test_missing_required_fields_keep_their_names(world, api):
    response = api("dealer_a_admin").post(URL, {"kpp": "773601001"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"organisation", "name", "inn"}


def test_update_never_moves_the_entity_to_another_organisation(world, api):
    entity = world.legal_entities["sub_a1"]
    response = api("dealer_a_admin").patch(
        f"{URL}{entity.pk}/",
        {"name": "ООО «А1»", "organisation": world.dealer_b.pk, "created_at": "2000-01-01"},
        format="json",
    )

    assert response.status_code == 200, response.content
    entity.refresh_from_db()
    assert (entity.name, entity.organisation) == ("ООО «А1»", world.sub_a1)


@pytest.mark.parametrize(
    ("who", "org", "code"),
    [
        ("dealer_a_employee", "dealer_a", 403),
        ("sub_a1_employee", "sub_a1", 403),
        ("dealer_a_accountant", "sub_a1", 403),  # an accountant keeps their own company only
        ("dealer_a_admin", "dealer_b", 404),
        ("sub_a1_admin", "dealer_a", 403),
    ],
)
def test_create_and_update_refused_change_nothing(world, api, unchanged, who, org, code):
    client = api(who)
    entity = world.legal_entities[org]
    with unchanged():
        created = client.post(URL, {**VALID, "organisation": world.orgs[org].pk}, format="json")
        updated = client.patch(f"{URL}{entity.pk}/", {"name": "Чужое"}, format="json")
    assert created.status_code == code
    assert updated.status_code == code
