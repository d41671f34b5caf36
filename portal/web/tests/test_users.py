import pytest

from portal.accounts.models import User

from .helpers import actions, queries_for


def test_anonymous_goes_to_login(client, db):
    assert client.get("/users/")["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("factory_admin", ["dealer_b_admin@", "sub_a1_admin@"], []),
        ("dealer_a_admin", ["sub_a1_employee@", "dealer_a_employee@"], ["dealer_b_admin@"]),
        ("sub_a1_admin", ["sub_a1_employee@"], ["dealer_a_admin@"]),
    ],
)
def test_list_shows_people_the_admin_may_see(world, who, shown, hidden):
    page = world.client(who).get("/users/").content.decode()
    for email in shown:
        assert email in page
    for email in hidden:
        assert email not in page


@pytest.mark.parametrize("who", ["dealer_a_employee", "manager_a", "accountant", "sub_a1_employee"])
def test_list_is_for_admins(world, who):
    assert world.client(who).get("/users/").status_code == 403


def test_list_filters_and_answers_htmx_with_the_table(world):
    client = world.client("dealer_a_admin")
    page = client.get(f"/users/?organisation={world.sub_a1.pk}").content.decode()
    assert "sub_a1_employee@" in page and "dealer_a_employee@" not in page
    page = client.get("/users/?role=accountant").content.decode()
    assert "dealer_a_accountant@" in page and "sub_a1_employee@" not in page
    User.objects.filter(pk=world.dealer_a_employee.pk).update(is_active=False)
    partial = client.get("/users/?active=0", headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="user-table">')
    assert "dealer_a_employee@" in partial and "sub_a1_employee@" not in partial


def test_list_query_count_does_not_grow_with_rows(world):
    client = world.client("factory_admin")
    before = queries_for(client, "/users/")
    for number in range(20):
        User.objects.create_user(
            f"extra{number}@example.test",
            "x",
            full_name=f"Extra {number}",
            organisation=world.sub_b1,
        )
    assert queries_for(client, "/users/") == before


def test_change_role(world):
    client = world.client("dealer_a_admin")
    response = client.post(
        f"/users/{world.sub_a1_employee.pk}/role/", {"role": "admin", "next": "/users/?role="}
    )
    assert response.status_code == 302 and response["Location"] == "/users/?role="
    assert User.objects.get(pk=world.sub_a1_employee.pk).role == "admin"
    assert "user_role_changed" in actions()


def test_change_role_refusal_is_a_message(world):
    client = world.client("dealer_a_admin")
    response = client.post(f"/users/{world.dealer_a_employee.pk}/role/", {"role": "manager"})
    assert response.status_code == 302
    page = client.get("/users/").content.decode()
    assert "Менеджер" in page and "только у сотрудников завода" in page
    assert User.objects.get(pk=world.dealer_a_employee.pk).role == "employee"


def test_change_role_wrong_role_and_stranger(world):
    url = f"/users/{world.dealer_a_employee.pk}/role/"
    assert world.client("dealer_a_accountant").post(url, {"role": "admin"}).status_code == 403
    assert world.client("dealer_b_admin").post(url, {"role": "admin"}).status_code == 404
    assert User.objects.get(pk=world.dealer_a_employee.pk).role == "employee"
    assert "user_role_changed" not in actions()


def test_external_next_is_ignored(world):
    response = world.client("dealer_a_admin").post(
        f"/users/{world.sub_a1_employee.pk}/block/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/users/"


def test_block_and_unblock(world):
    client = world.client("dealer_a_admin")
    assert client.post(f"/users/{world.sub_a1_employee.pk}/block/").status_code == 302
    assert not User.objects.get(pk=world.sub_a1_employee.pk).is_active
    assert client.post(f"/users/{world.sub_a1_employee.pk}/unblock/").status_code == 302
    assert User.objects.get(pk=world.sub_a1_employee.pk).is_active


def test_block_refused(world):
    url = f"/users/{world.sub_a1_employee.pk}/block/"
    assert (
        world.client("sub_a1_employee").post(f"/users/{world.sub_a1_admin.pk}/block/").status_code
        == 403
    )
    assert world.client("dealer_b_admin").post(url).status_code == 404
    assert world.client("dealer_a_admin").get(url).status_code == 405
    assert User.objects.get(pk=world.sub_a1_employee.pk).is_active
    assert User.objects.get(pk=world.sub_a1_admin.pk).is_active
    assert "user_blocked" not in actions()


def test_blocking_yourself_is_a_message_not_a_crash(world):
    client = world.client("dealer_a_admin")
    response = client.post(f"/users/{world.dealer_a_admin.pk}/block/", follow=True)
    assert "Нельзя заблокировать самого себя" in response.content.decode()
    assert User.objects.get(pk=world.dealer_a_admin.pk).is_active
