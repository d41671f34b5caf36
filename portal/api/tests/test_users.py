import pytest

from portal.accounts.models import User
from portal.audit.models import AuditEvent

from .tokens import client_with_new_token

URL = "/api/v1/users/"


def emails(response):
    assert response.status_code == 200, response.content
    return sorted(row["email"].split("@")[0] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (
            "dealer_a_admin",
            [
                "dealer_a_accountant",
                "dealer_a_admin",
                "dealer_a_employee",
                "sub_a1_admin",
                "sub_a1_employee",
            ],
        ),
        ("dealer_a_employee", ["dealer_a_accountant", "dealer_a_admin", "dealer_a_employee"]),
        ("sub_a1_admin", ["sub_a1_admin", "sub_a1_employee"]),
        ("dealer_b_admin", ["dealer_b_admin", "sub_b1_admin"]),
    ],
)
def test_list_shows_the_people_the_actor_sees(world, api, who, expected):
    assert emails(api(who).get(URL)) == expected


def test_filters(world, api):
    client = api("dealer_a_admin")
    assert emails(client.get(URL, {"organisation": world.sub_a1.pk, "role": "admin"})) == [
        "sub_a1_admin"
    ]
    assert emails(client.get(URL, {"search": "EMPLOYEE"})) == [
        "dealer_a_employee",
        "sub_a1_employee",
    ]


def test_retrieve_and_404_for_a_stranger(world, api):
    client = api("dealer_a_employee")
    own = client.get(f"{URL}{world.dealer_a_admin.pk}/")
    assert own.status_code == 200
    assert own.json()["role_label"] == "Администратор дилера"
    for name in ("sub_a1_employee", "dealer_b_admin", "factory_admin"):
        response = client.get(f"{URL}{world.users[name].pk}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Не найдено."}


def test_admin_changes_a_role_and_nothing_else(world, api):
    response = api("dealer_a_admin").post(
        f"{URL}{world.dealer_a_employee.pk}/role/",
        {
            "role": "accountant",
            "is_staff": True,
            "is_superuser": True,
            "organisation": world.dealer_b.pk,
            "is_active": False,
            "email": "new@example.test",
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["role_label"] == "Бухгалтер дилера"
    user = User.objects.get(pk=world.dealer_a_employee.pk)
    assert user.role == "accountant"
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert (user.organisation, user.email) == (world.dealer_a, "dealer_a_employee@example.test")
    assert AuditEvent.objects.filter(action="user_role_changed", object_id=user.pk).exists()


def test_role_that_the_company_does_not_have_is_a_400_on_role(world, api, unchanged):
    client = api("dealer_a_admin")
    with unchanged():
        manager = client.post(
            f"{URL}{world.dealer_a_employee.pk}/role/", {"role": "manager"}, format="json"
        )
        unknown = client.post(
            f"{URL}{world.dealer_a_employee.pk}/role/", {"role": "boss"}, format="json"
        )
    assert manager.status_code == 400
    assert manager.json() == {
        "detail": "Роль «Менеджер» есть только у сотрудников завода.",
        "field": "role",
    }
    assert list(unknown.json()) == ["role"]


@pytest.mark.parametrize(
    ("who", "target", "code"),
    [
        ("dealer_a_employee", "dealer_a_accountant", 403),
        ("sub_a1_admin", "sub_a1_admin", 400),  # the only admin cannot step down
        ("dealer_b_admin", "dealer_a_employee", 404),
        ("sub_a1_admin", "dealer_a_employee", 404),
    ],
)
def test_role_change_refused_changes_nothing(world, api, unchanged, who, target, code):
    client = api(who)
    with unchanged():
        response = client.post(
            f"{URL}{world.users[target].pk}/role/", {"role": "employee"}, format="json"
        )
    assert response.status_code == code


def test_dealer_admin_blocks_and_unblocks_a_sub_dealer_employee(world, api):
    client = api("dealer_a_admin")
    target = api("sub_a1_employee")

    blocked = client.post(f"{URL}{world.sub_a1_employee.pk}/block/")
    assert blocked.status_code == 200
    assert blocked.json()["is_active"] is False
    assert target.get("/api/v1/me/").status_code == 401

    unblocked = client.post(f"{URL}{world.sub_a1_employee.pk}/unblock/")
    assert unblocked.json()["is_active"] is True
    assert target.get("/api/v1/me/").status_code == 401  # the block ended that token
    fresh = client_with_new_token("sub_a1_employee@example.test")
    assert fresh.get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    ("who", "target", "code"),
    [
        ("dealer_a_employee", "dealer_a_accountant", 403),
        ("dealer_a_admin", "dealer_a_admin", 400),  # not oneself
        ("dealer_b_admin", "sub_a1_employee", 404),
    ],
)
def test_block_refused_changes_nothing(world, api, unchanged, who, target, code):
    client = api(who)
    with unchanged():
        response = client.post(f"{URL}{world.users[target].pk}/block/")
    assert response.status_code == code


def test_users_cannot_be_edited_or_created_directly(world, api, unchanged):
    client = api("factory_admin")
    with unchanged():
        patch = client.patch(
            f"{URL}{world.dealer_a_employee.pk}/",
            {"is_staff": True, "role": "admin"},
            format="json",
        )
        post = client.post(URL, {"email": "x@example.test", "role": "admin"}, format="json")
    assert (patch.status_code, post.status_code) == (405, 405)
