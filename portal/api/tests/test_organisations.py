import pytest

from portal.audit.models import AuditEvent
from portal.organisations.models import Organisation

from .tokens import client_with_new_token

URL = "/api/v1/organisations/"
NOT_FOUND = {"detail": "Не найдено."}


def names(response):
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("factory_admin", ["Дилер А", "Дилер Б", "Завод", "Субдилер А1", "Субдилер Б1"]),
        ("accountant", ["Дилер А", "Дилер Б", "Завод", "Субдилер А1", "Субдилер Б1"]),
        ("manager_a", ["Дилер А", "Завод", "Субдилер А1"]),
        ("manager_b", ["Дилер Б", "Завод", "Субдилер Б1"]),
        ("dealer_a_admin", ["Дилер А", "Завод", "Субдилер А1"]),
        ("dealer_a_employee", ["Дилер А", "Завод", "Субдилер А1"]),
        ("sub_a1_employee", ["Дилер А", "Субдилер А1"]),
        ("dealer_b_admin", ["Дилер Б", "Завод", "Субдилер Б1"]),
    ],
)
def test_list_shows_what_the_actor_sees(world, api, who, expected):
    assert names(api(who).get(URL)) == expected


def test_filters(world, api):
    client = api("factory_admin")
    assert names(client.get(URL, {"kind": "dealer"})) == ["Дилер А", "Дилер Б"]
    assert names(client.get(URL, {"parent": world.dealer_a.pk})) == ["Субдилер А1"]
    assert names(client.get(URL, {"search": "б1"})) == ["Субдилер Б1"]
    assert names(client.get(URL, {"search": "77000300"})) == ["Субдилер А1"]  # INN prefix
    Organisation.objects.filter(pk=world.dealer_b.pk).update(status="blocked")
    assert names(client.get(URL, {"status": "blocked"})) == ["Дилер Б"]


def test_filter_is_applied_to_the_visible_rows_only(world, api):
    assert names(api("dealer_a_admin").get(URL, {"parent": world.dealer_b.pk})) == []


def test_bad_filter_value_names_the_parameter(world, api):
    response = api("factory_admin").get(URL, {"kind": "shop"})
    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


def test_retrieve_own_and_404_for_a_stranger_or_a_missing_one(world, api):
    client = api("sub_a1_employee")
    own = client.get(f"{URL}{world.sub_a1.pk}/")
    assert own.status_code == 200
    assert own.json()["parent"] == world.dealer_a.pk
    assert own.json()["kind"] == "subdealer"

    for org in (world.factory, world.dealer_b, world.sub_b1):
        response = client.get(f"{URL}{org.pk}/")
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    assert client.get(f"{URL}999999/").json() == NOT_FOUND


def test_dealer_admin_creates_a_sub_dealer_and_cannot_set_its_status(world, api):
    response = api("dealer_a_admin").post(
        URL,
        {
            "kind": "subdealer",
            "name": "Субдилер А2",
            "region": "Тверь",
            "status": "blocked",
            "manager_id": world.manager_b.pk,
            "id": 12345,
            "created_at": "2000-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    created = Organisation.objects.get(name="Субдилер А2")
    assert response.json()["id"] == created.pk != 12345
    assert (created.kind, created.parent, created.status) == ("subdealer", world.dealer_a, "active")
    assert created.manager is None
    assert created.created_at.year > 2000
    assert AuditEvent.objects.filter(action="organisation_created", object_id=created.pk).exists()


def test_factory_admin_creates_a_dealer_with_a_manager(world, api):
    response = api("factory_admin").post(
        URL, {"kind": "dealer", "name": "Дилер В", "manager": world.manager_a.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["manager"] == {
        "id": world.manager_a.pk,
        "full_name": world.manager_a.full_name,
    }
    assert Organisation.objects.get(name="Дилер В").parent == world.factory


@pytest.mark.parametrize(
    ("who", "kind", "parent"),
    [
        ("dealer_a_admin", "dealer", None),
        ("dealer_a_employee", "subdealer", None),
        ("sub_a1_admin", "subdealer", None),
        ("manager_a", "subdealer", "dealer_a"),
    ],
)
def test_wrong_role_cannot_create(world, api, unchanged, who, kind, parent):
    body = {"kind": kind, "name": "Новая организация"}
    if parent:
        body["parent"] = world.orgs[parent].pk
    client = api(who)
    with unchanged():
        response = client.post(URL, body, format="json")
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}


def test_cannot_create_under_a_strangers_organisation(world, api, unchanged):
    client = api("dealer_a_admin")
    with unchanged():
        response = client.post(
            URL,
            {"kind": "subdealer", "name": "Чужой", "parent": world.dealer_b.pk},
            format="json",
        )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_business_refusals_name_the_field(world, api, unchanged):
    client = api("factory_admin")
    with unchanged():
        factory = client.post(URL, {"kind": "factory", "name": "Второй завод"}, format="json")
        twin = client.post(URL, {"kind": "dealer", "name": "дилер а"}, format="json")
        blank = client.post(URL, {"kind": "dealer"}, format="json")
    assert factory.status_code == 400
    assert factory.json() == {
        "detail": "Можно создать только дилера или субдилера.",
        "field": "kind",
    }
    assert twin.json() == {"detail": "Организация «дилер а» уже есть.", "field": "name"}
    assert blank.json() == {"name": ["Обязательное поле."]}


def test_partial_update_changes_only_the_editable_fields(world, api):
    response = api("dealer_a_admin").patch(
        f"{URL}{world.sub_a1.pk}/",
        {
            "name": "Субдилер А1 (Тверь)",
            "status": "blocked",
            "parent": world.dealer_b.pk,
            "kind": "dealer",
            "manager_id": world.manager_b.pk,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    world.sub_a1.refresh_from_db()
    assert world.sub_a1.name == "Субдилер А1 (Тверь)"
    assert (world.sub_a1.status, world.sub_a1.parent, world.sub_a1.kind) == (
        "active",
        world.dealer_a,
        "subdealer",
    )
    assert world.sub_a1.manager is None


def test_only_the_factory_admin_assigns_a_manager(world, api, unchanged):
    client = api("dealer_a_admin")
    with unchanged():
        response = client.patch(
            f"{URL}{world.dealer_a.pk}/", {"manager": world.manager_b.pk}, format="json"
        )
    assert response.status_code == 403

    response = api("factory_admin").patch(
        f"{URL}{world.dealer_a.pk}/", {"manager": world.manager_b.pk}, format="json"
    )
    assert response.status_code == 200
    world.dealer_a.refresh_from_db()
    assert world.dealer_a.manager == world.manager_b


def test_partial_update_by_wrong_role_or_stranger_changes_nothing(world, api, unchanged):
    employee, stranger = api("dealer_a_employee"), api("dealer_b_admin")
    with unchanged():
        forbidden = employee.patch(f"{URL}{world.sub_a1.pk}/", {"name": "X"}, format="json")
        hidden = stranger.patch(f"{URL}{world.sub_a1.pk}/", {"name": "X"}, format="json")
        put = employee.put(f"{URL}{world.sub_a1.pk}/", {"name": "X"}, format="json")
        delete = api("factory_admin").delete(f"{URL}{world.sub_a1.pk}/")
    assert forbidden.status_code == 403
    assert forbidden.json() == {"detail": "Изменять данные организации может её администратор."}
    assert hidden.status_code == 404
    assert put.status_code == 405
    assert delete.status_code == 405


def test_dealer_admin_blocks_and_unblocks_its_sub_dealer(world, api):
    client = api("dealer_a_admin")
    sub_dealer = api("sub_a1_employee")

    blocked = client.post(f"{URL}{world.sub_a1.pk}/block/")
    assert blocked.status_code == 200
    assert blocked.json()["status"] == "blocked"
    assert sub_dealer.get("/api/v1/me/").status_code == 401

    unblocked = client.post(f"{URL}{world.sub_a1.pk}/unblock/")
    assert unblocked.json()["status"] == "active"
    assert sub_dealer.get("/api/v1/me/").status_code == 401  # the block ended that token
    fresh = client_with_new_token("sub_a1_employee@example.test")
    assert fresh.get("/api/v1/me/").status_code == 200
    actions = AuditEvent.objects.filter(object_id=world.sub_a1.pk).values_list("action", flat=True)
    assert set(actions) == {"organisation_blocked", "organisation_unblocked"}


@pytest.mark.parametrize(
    ("who", "target", "code"),
    [
        ("dealer_a_employee", "sub_a1", 403),
        ("dealer_a_admin", "dealer_a", 403),  # nobody blocks their own company
        ("dealer_a_admin", "factory", 403),
        ("manager_a", "dealer_a", 403),
        ("dealer_b_admin", "sub_a1", 404),
        ("sub_a1_admin", "sub_b1", 404),
    ],
)
def test_block_refused_changes_nothing(world, api, unchanged, who, target, code):
    client = api(who)
    with unchanged():
        response = client.post(f"{URL}{world.orgs[target].pk}/block/")
    assert response.status_code == code
