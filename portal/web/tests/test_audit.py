import pytest

from portal.audit.models import AuditEvent
from portal.audit.services import audit_record

from .helpers import queries_for


def table(client, url: str) -> str:
    """Only the table (the htmx partial), so the filter's option labels do not count."""
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def events(world):
    audit_record(
        action="organisation_updated",
        actor=world.actor("dealer_a_admin"),
        organisation=world.sub_a1,
        changes={"region": ["", "Тверь"]},
    )
    audit_record(
        action="user_blocked", actor=world.actor("dealer_b_admin"), organisation=world.dealer_b
    )


def test_anonymous_goes_to_login(client, db):
    assert client.get("/audit/")["Location"].startswith("/login/")


def test_factory_admin_sees_everything_with_labels(world, events):
    page = world.client("factory_admin").get("/audit/").content.decode()
    assert "Изменена организация" in page and "Пользователь заблокирован" in page
    assert "region:  → Тверь" in page or "region: — → Тверь" in page


def test_dealer_admin_sees_its_tree_only(world, events):
    page = table(world.client("dealer_a_admin"), "/audit/")
    assert "Изменена организация" in page
    assert "Пользователь заблокирован" not in page


@pytest.mark.parametrize("who", ["dealer_a_employee", "manager_a", "accountant", "sub_a1_employee"])
def test_only_admins(world, who):
    assert world.client(who).get("/audit/").status_code == 403


def test_filters(world, events):
    client = world.client("factory_admin")
    page = table(client, "/audit/?action=user_blocked")
    assert "Пользователь заблокирован" in page and "Изменена организация" not in page
    page = table(client, "/audit/?email=dealer_a_admin")
    assert "Изменена организация" in page and "Пользователь заблокирован" not in page
    page = table(client, f"/audit/?organisation={world.dealer_b.pk}")
    assert "Пользователь заблокирован" in page and "Изменена организация" not in page
    page = table(client, "/audit/?date_from=2000-01-01&date_to=2000-01-02")
    assert "Записей за выбранный период нет" in page


def test_filter_of_a_foreign_company_shows_nothing(world, events):
    page = table(world.client("dealer_a_admin"), f"/audit/?organisation={world.dealer_b.pk}")
    assert "Пользователь заблокирован" not in page


def test_htmx_gets_the_table_only(world, events):
    response = world.client("factory_admin").get("/audit/", headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="audit-table">')


def test_pages_by_next_links_without_count(world):
    client = world.client("factory_admin")
    AuditEvent.objects.bulk_create(
        AuditEvent(action="login", user=world.factory_admin, actor_email=f"u{n}@example.test")
        for n in range(120)
    )
    total = AuditEvent.objects.count()
    first = table(client, "/audit/")
    assert "page=2" in first and "page=0" not in first
    third = table(client, "/audit/?page=3")
    assert "page=2" in third and "page=4" not in third
    assert third.count("<tr>") == 1 + (total - 100)  # the header and the rest of the rows


def test_query_count_does_not_grow_with_rows(world):
    client = world.client("factory_admin")
    audit_record(action="login", actor=world.actor("dealer_a_admin"), organisation=world.dealer_a)
    before = queries_for(client, "/audit/")
    for _ in range(20):
        audit_record(action="login", actor=world.actor("sub_a1_admin"), organisation=world.sub_a1)
    assert queries_for(client, "/audit/") == before
