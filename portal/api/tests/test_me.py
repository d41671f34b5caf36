import pytest


@pytest.mark.parametrize(
    ("who", "org", "kind", "role", "label"),
    [
        ("factory_admin", "factory", "factory", "admin", "Администратор завода"),
        ("manager_a", "factory", "factory", "manager", "Менеджер завода"),
        ("dealer_a_employee", "dealer_a", "dealer", "employee", "Сотрудник дилера"),
        ("dealer_a_accountant", "dealer_a", "dealer", "accountant", "Бухгалтер дилера"),
        ("sub_a1_admin", "sub_a1", "subdealer", "admin", "Администратор субдилера"),
    ],
)
def test_me_for_each_kind_of_organisation(world, api, who, org, kind, role, label):
    response = api(who).get("/api/v1/me/")

    assert response.status_code == 200
    organisation = world.orgs[org]
    assert response.json() == {
        "id": world.users[who].pk,
        "email": f"{who}@example.test",
        "full_name": world.users[who].full_name,
        "role": role,
        "role_label": label,
        "organisation": {"id": organisation.pk, "name": organisation.name, "kind": kind},
    }
