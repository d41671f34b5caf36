import pytest

from portal.audit.services import audit_record


def test_anonymous_goes_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_factory_admin_sees_real_figures_and_recent_events(world):
    audit_record(action="organisation_created", actor=world.actor("factory_admin"))
    page = world.client("factory_admin").get("/").content.decode()
    assert "Сводка по дилерской сети" in page
    assert '<span class="figure__value">2</span><span class="figure__label">дилеров' in page
    assert '<span class="figure__value">11</span><span class="figure__label">активных' in page
    assert "Создана организация" in page
    assert "Заказы появятся здесь" in page


def test_manager_sees_only_their_dealers(world):
    page = world.client("manager_a").get("/").content.decode()
    assert "Дилер А" in page and "Дилер Б" not in page


def test_accountant_sees_every_dealer(world):
    page = world.client("accountant").get("/").content.decode()
    assert "Дилер А" in page and "Дилер Б" in page


def test_dealer_admin_sees_its_company_and_sub_dealers(world):
    page = world.client("dealer_a_admin").get("/").content.decode()
    assert "Субдилер А1" in page and "Субдилер Б1" not in page
    assert "7700020012" in page  # its legal entity
    assert "Добавить субдилера" in page


@pytest.mark.parametrize("who", ["dealer_a_employee", "dealer_a_accountant", "sub_a1_employee"])
def test_other_roles_see_their_company_card(world, who):
    page = world.client(who).get("/").content.decode()
    company = world.users[who].organisation
    assert company.name in page
    assert "Добавить субдилера" not in page
    assert "Дилер Б" not in page


def test_navigation_fits_the_role(world):
    admin = world.client("factory_admin").get("/").content.decode()
    assert ">Дилеры<" in admin and ">Журнал<" in admin
    manager = world.client("manager_a").get("/").content.decode()
    assert ">Мои дилеры<" in manager and ">Журнал<" not in manager
    dealer = world.client("dealer_a_admin").get("/").content.decode()
    assert ">Субдилеры<" in dealer and ">Моя компания<" in dealer and ">Пользователи<" in dealer
    employee = world.client("dealer_a_employee").get("/").content.decode()
    assert ">Моя компания<" in employee and ">Пользователи<" not in employee


def test_layout_has_csrf_header_skip_link_and_no_inline_script(world):
    page = world.client("dealer_a_admin").get("/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert 'href="#main"' in page
    assert "<script>" not in page and "style=" not in page
