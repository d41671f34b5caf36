import pytest

from portal.accounts import services as accounts_services
from portal.accounts.models import Invitation
from portal.organisations.models import LegalEntity, Organisation

from .helpers import actions, queries_for


def detail(org) -> str:
    return f"/organisations/{org.pk}/"


# --- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        ("factory_admin", ["Дилер А", "Дилер Б"], ["Субдилер А1"]),
        ("accountant", ["Дилер А", "Дилер Б"], []),
        ("manager_a", ["Дилер А"], ["Дилер Б"]),
        ("dealer_a_admin", ["Субдилер А1"], ["Субдилер Б1", "Дилер Б"]),
        ("dealer_a_employee", ["Субдилер А1"], ["Субдилер Б1"]),
    ],
)
def test_list_shows_what_the_actor_may_see(world, who, shown, hidden):
    response = world.client(who).get("/organisations/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in shown:
        assert name in page
    for name in hidden:
        assert f">{name}<" not in page


def test_list_needs_login(client, db):
    response = client.get("/organisations/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_sub_dealer_has_no_list(world):
    assert world.client("sub_a1_admin").get("/organisations/").status_code == 403


def test_list_filters_by_status_search_and_manager(world):
    Organisation.objects.filter(pk=world.dealer_b.pk).update(status="blocked")
    client = world.client("factory_admin")
    page = client.get("/organisations/?status=blocked").content.decode()
    assert "Дилер Б" in page and "Дилер А<" not in page
    page = client.get(f"/organisations/?manager={world.manager_a.pk}").content.decode()
    assert "Дилер А" in page and "Дилер Б<" not in page
    page = client.get("/organisations/?q=7700020037").content.decode()  # dealer B's INN
    assert "Дилер Б" in page and "Дилер А<" not in page


def test_list_answers_htmx_with_the_table_only(world):
    response = world.client("factory_admin").get(
        "/organisations/?q=Дилер", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="organisation-table">')
    assert "<html" not in page


def test_list_query_count_does_not_grow_with_rows(world):
    client = world.client("factory_admin")
    before = queries_for(client, "/organisations/")
    for number in range(20):
        Organisation.objects.create(kind="dealer", parent=world.factory, name=f"Новый {number}")
    assert queries_for(client, "/organisations/") == before


# --- detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["factory_admin", "manager_a", "dealer_a_admin", "sub_a1_admin"])
def test_detail_for_those_who_see_it(world, who):
    org = world.sub_a1
    response = world.client(who).get(detail(org))
    assert response.status_code == 200
    assert "Субдилер А1" in response.content.decode()
    assert "7700030028" in response.content.decode()  # its legal entity


@pytest.mark.parametrize("who", ["dealer_b_admin", "manager_b", "sub_b1_admin"])
def test_detail_of_a_stranger_is_404(world, who):
    assert world.client(who).get(detail(world.dealer_a)).status_code == 404


def test_detail_shows_management_only_to_the_manager_of_the_company(world):
    admin_page = world.client("dealer_a_admin").get(detail(world.sub_a1)).content.decode()
    employee_page = world.client("dealer_a_employee").get(detail(world.sub_a1)).content.decode()
    assert "Заблокировать компанию" in admin_page and "Пригласить" in admin_page
    assert "Заблокировать компанию" not in employee_page and "Пригласить" not in employee_page


def test_detail_lists_pending_invitations(world):
    accounts_services.invitation_send(
        actor=world.actor("dealer_a_admin"),
        organisation_id=world.sub_a1.pk,
        email="pending@example.test",
        role="employee",
    )
    page = world.client("dealer_a_admin").get(detail(world.sub_a1)).content.decode()
    assert "pending@example.test" in page


# --- create / edit ------------------------------------------------------------------------


def test_factory_admin_creates_a_dealer_with_a_manager(world):
    client = world.client("factory_admin")
    assert "Менеджер завода" in client.get("/organisations/new/").content.decode()
    response = client.post(
        "/organisations/new/",
        {"name": "Двери Севера", "region": "Вологда", "manager": world.manager_b.pk},
    )
    dealer = Organisation.objects.get(name="Двери Севера")
    assert response.status_code == 302 and response["Location"] == detail(dealer)
    assert dealer.kind == "dealer" and dealer.manager == world.manager_b
    assert dealer.parent == world.factory


def test_dealer_admin_creates_a_sub_dealer(world):
    response = world.client("dealer_a_admin").post("/organisations/new/", {"name": "Окна Юг"})
    sub = Organisation.objects.get(name="Окна Юг")
    assert response.status_code == 302
    assert sub.kind == "subdealer" and sub.parent == world.dealer_a


def test_duplicate_name_is_a_form_error(world):
    response = world.client("dealer_a_admin").post("/organisations/new/", {"name": "Субдилер А1"})
    assert response.status_code == 200
    assert "уже есть" in response.content.decode()


@pytest.mark.parametrize("who", ["dealer_a_employee", "dealer_a_accountant", "sub_a1_admin"])
def test_wrong_role_cannot_create(world, who):
    client = world.client(who)
    count = Organisation.objects.count()
    assert client.get("/organisations/new/").status_code == 403
    assert client.post("/organisations/new/", {"name": "Чужая"}).status_code == 403
    assert Organisation.objects.count() == count


def test_dealer_admin_cannot_add_a_sub_dealer_under_another_dealer(world):
    client = world.client("dealer_a_admin")
    response = client.post(f"/organisations/{world.dealer_b.pk}/new/", {"name": "Чужая"})
    assert response.status_code == 404
    assert not Organisation.objects.filter(name="Чужая").exists()


def test_edit_by_the_admin(world):
    client = world.client("dealer_a_admin")
    response = client.post(
        f"/organisations/{world.sub_a1.pk}/edit/", {"name": "Субдилер А1", "region": "Тверь"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get(pk=world.sub_a1.pk).region == "Тверь"
    assert "organisation_updated" in actions(organisation=world.sub_a1)


def test_edit_by_wrong_role_and_stranger(world):
    url = f"/organisations/{world.sub_a1.pk}/edit/"
    data = {"name": "Взлом", "region": "—"}
    assert world.client("dealer_a_employee").post(url, data).status_code == 403
    assert world.client("dealer_b_admin").post(url, data).status_code == 404
    assert Organisation.objects.get(pk=world.sub_a1.pk).name == "Субдилер А1"


# --- block / unblock ----------------------------------------------------------------------


def test_block_and_unblock(world):
    client = world.client("dealer_a_admin")
    assert client.get(f"/organisations/{world.sub_a1.pk}/block/").status_code == 405
    assert client.post(f"/organisations/{world.sub_a1.pk}/block/").status_code == 302
    assert Organisation.objects.get(pk=world.sub_a1.pk).status == "blocked"
    assert client.post(f"/organisations/{world.sub_a1.pk}/unblock/").status_code == 302
    assert Organisation.objects.get(pk=world.sub_a1.pk).status == "active"


@pytest.mark.parametrize(
    ("who", "org", "status"),
    [
        ("dealer_a_employee", "sub_a1", 403),
        ("manager_a", "dealer_a", 403),
        ("dealer_a_admin", "dealer_a", 403),  # nobody blocks their own company
        ("dealer_a_admin", "factory", 403),
        ("dealer_b_admin", "sub_a1", 404),
    ],
)
def test_block_refused(world, who, org, status):
    target = world.orgs[org]
    response = world.client(who).post(f"/organisations/{target.pk}/block/")
    assert response.status_code == status
    assert Organisation.objects.get(pk=target.pk).status == "active"
    assert "organisation_blocked" not in actions()


# --- legal entities -----------------------------------------------------------------------

VALID_ENTITY = {
    "name": "ООО «Новые окна»",
    "inn": "7707083893",
    "kpp": "770701001",
    "ogrn": "1027700132195",
    "address": "Москва",
    "bank_name": "ПАО Сбербанк",
    "bik": "044525225",
    "account": "40702810200000000001",
    "corr_account": "30101810400000000225",
    "is_active": "on",
}


def test_legal_entity_create_with_valid_requisites(world):
    client = world.client("dealer_a_accountant")
    response = client.post(f"/organisations/{world.dealer_a.pk}/legal-entities/new/", VALID_ENTITY)
    assert response.status_code == 302, response.content.decode()
    assert LegalEntity.objects.filter(organisation=world.dealer_a, inn="7707083893").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inn", "7707083890", "ИНН с неверной контрольной цифрой"),
        ("inn", "123", "ИНН должен состоять из 10 цифр"),
        ("kpp", "", "должен быть КПП"),
        ("bik", "123456789", "БИК — 9 цифр и начинается с 04"),
        ("account", "40702810200000000002", "Расчётный счёт не соответствует БИК"),
        ("ogrn", "1027700132194", "ОГРН с неверной контрольной цифрой"),
    ],
)
def test_legal_entity_errors_in_russian_next_to_the_field(world, field, value, message):
    data = {**VALID_ENTITY, field: value}
    response = world.client("dealer_a_admin").post(
        f"/organisations/{world.dealer_a.pk}/legal-entities/new/", data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f"id_{field}_error" in response.content.decode()
    assert (
        not LegalEntity.objects.filter(inn=data["inn"], organisation=world.dealer_a)
        .exclude(inn=world.legal_entities["dealer_a"].inn)
        .exists()
    )


def test_legal_entity_wrong_role_and_stranger(world):
    url = f"/organisations/{world.dealer_a.pk}/legal-entities/new/"
    assert world.client("dealer_a_employee").post(url, VALID_ENTITY).status_code == 403
    assert world.client("dealer_b_admin").post(url, VALID_ENTITY).status_code == 404
    assert not LegalEntity.objects.filter(inn="7707083893").exists()


def test_legal_entity_edit(world):
    entity = world.legal_entities["sub_a1"]
    url = f"/organisations/legal-entities/{entity.pk}/edit/"
    data = {"name": "ООО «Переименовано»", "inn": entity.inn, "kpp": entity.kpp}
    assert world.client("dealer_b_admin").post(url, data).status_code == 404
    assert world.client("sub_a1_employee").post(url, data).status_code == 403
    assert LegalEntity.objects.get(pk=entity.pk).name == entity.name
    assert world.client("sub_a1_admin").post(url, data).status_code == 302
    assert LegalEntity.objects.get(pk=entity.pk).name == "ООО «Переименовано»"


# --- invitations --------------------------------------------------------------------------


def test_invite_form_offers_only_roles_the_actor_may_give(world):
    page = world.client("dealer_a_admin").get(f"/organisations/{world.sub_a1.pk}/invite/")
    html = page.content.decode()
    assert 'value="employee"' in html and 'value="admin"' in html
    assert (
        'value="manager"' not in html and 'value="accountant"' not in html
    )  # not a sub-dealer role


def test_invite_sends(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("dealer_a_admin").post(
            f"/organisations/{world.dealer_a.pk}/invite/",
            {"email": "kollega@example.test", "role": "accountant"},
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="kollega@example.test", organisation=world.dealer_a)


def test_invite_existing_email_is_a_form_error(world):
    response = world.client("dealer_a_admin").post(
        f"/organisations/{world.dealer_a.pk}/invite/",
        {"email": "dealer_b_admin@example.test", "role": "employee"},
    )
    assert response.status_code == 200
    assert "уже есть" in response.content.decode()
    assert not Invitation.objects.exists()


def test_dealer_admin_cannot_grant_a_factory_role(world):
    response = world.client("dealer_a_admin").post(
        f"/organisations/{world.dealer_a.pk}/invite/",
        {"email": "boss@example.test", "role": "manager"},
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("who", "org", "status"),
    [
        ("dealer_a_admin", "dealer_b", 404),  # another company
        ("dealer_a_admin", "factory", 403),  # visible, but not theirs
        ("dealer_a_employee", "dealer_a", 403),
        ("sub_a1_employee", "sub_a1", 403),
    ],
)
def test_invite_refused(world, who, org, status):
    url = f"/organisations/{world.orgs[org].pk}/invite/"
    client = world.client(who)
    assert client.get(url).status_code == status
    assert client.post(url, {"email": "x@example.test", "role": "employee"}).status_code == status
    assert not Invitation.objects.exists()


def test_revoke_invitation(world):
    invitation, _ = accounts_services.invitation_send(
        actor=world.actor("dealer_a_admin"),
        organisation_id=world.sub_a1.pk,
        email="pending@example.test",
        role="employee",
    )
    url = f"/organisations/invitations/{invitation.pk}/revoke/"
    assert world.client("dealer_b_admin").post(url).status_code == 404
    assert world.client("sub_a1_employee").post(url).status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None
    response = world.client("sub_a1_admin").post(url)
    assert response.status_code == 302 and response["Location"] == detail(world.sub_a1)
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is not None
    again = world.client("sub_a1_admin").post(url, follow=True)
    assert "уже не действует" in again.content.decode()
