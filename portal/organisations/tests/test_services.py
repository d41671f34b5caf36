import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.core.errors import DomainError, PermissionDenied
from portal.organisations import services
from portal.organisations.models import (
    LegalEntity,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)


def state():
    return (
        list(Organisation.objects.order_by("pk").values_list("pk", "name", "status", "manager_id")),
        list(LegalEntity.objects.order_by("pk").values_list("pk", "inn", "kpp", "name")),
        list(User.objects.order_by("pk").values_list("pk", "sessions_ended_at")),
        AuditEvent.objects.count(),
    )


def test_factory_admin_creates_dealer_with_manager(world):
    dealer = services.organisation_create(
        actor=world.actor("factory_admin"),
        kind=OrganisationKind.DEALER,
        name="Новый дилер",
        manager_id=world.manager_a.pk,
    )
    assert dealer.parent == world.factory and dealer.manager == world.manager_a
    assert AuditEvent.objects.filter(action="organisation_created", organisation=dealer).exists()


def test_dealer_admin_creates_only_own_sub_dealers(world):
    sub = services.organisation_create(
        actor=world.actor("dealer_a_admin"), kind=OrganisationKind.SUBDEALER, name="Окна Люберцы"
    )
    assert sub.parent == world.dealer_a
    before = state()
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=world.actor("dealer_a_admin"), kind=OrganisationKind.DEALER, name="Самозванец"
        )
    with pytest.raises(Http404):
        services.organisation_create(
            actor=world.actor("dealer_a_admin"),
            kind=OrganisationKind.SUBDEALER,
            name="Чужой",
            parent_id=world.dealer_b.pk,
        )
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=world.actor("dealer_a_employee"), kind=OrganisationKind.SUBDEALER, name="Без прав"
        )
    assert state() == before


def test_duplicate_name_is_refused_with_field(world):
    with pytest.raises(DomainError) as caught:
        services.organisation_create(
            actor=world.actor("factory_admin"), kind=OrganisationKind.DEALER, name="дилер а"
        )
    assert caught.value.field == "name"


def test_blocking_a_dealer_locks_out_its_sub_dealers_too(world):
    client = world.client("sub_a1_employee")
    assert client.get("/").status_code == 200
    services.organisation_set_blocked(
        actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=True
    )
    assert Organisation.objects.get(pk=world.dealer_a.pk).status == OrganisationStatus.BLOCKED
    assert client.get("/").status_code == 302


def sessions_ended():
    return {
        user.email.split("@")[0]
        for user in User.objects.filter(sessions_ended_at__isnull=False).order_by("pk")
    }


def test_blocking_a_dealer_ends_the_sessions_of_its_people_and_its_sub_dealers_in_one_update(
    world,
):
    actor = world.actor("factory_admin")
    with CaptureQueriesContext(connection) as queries:
        services.organisation_set_blocked(
            actor=actor, organisation_id=world.dealer_a.pk, blocked=True
        )
    statements = [query["sql"] for query in queries]
    assert sum(sql.startswith('UPDATE "accounts_user"') for sql in statements) == 1
    assert not any(sql.startswith('SELECT "accounts_user"') for sql in statements)
    assert sessions_ended() == {
        "dealer_a_admin",
        "dealer_a_employee",
        "dealer_a_accountant",
        "sub_a1_admin",
        "sub_a1_employee",
    }
    ended_at = User.objects.get(pk=world.sub_a1_employee.pk).sessions_ended_at

    services.organisation_set_blocked(actor=actor, organisation_id=world.dealer_a.pk, blocked=False)
    assert User.objects.get(pk=world.sub_a1_employee.pk).sessions_ended_at == ended_at


def test_blocking_a_sub_dealer_ends_only_its_own_people_s_sessions(world):
    services.organisation_set_blocked(
        actor=world.actor("dealer_a_admin"), organisation_id=world.sub_a1.pk, blocked=True
    )
    assert sessions_ended() == {"sub_a1_admin", "sub_a1_employee"}


def test_nobody_blocks_own_company_or_a_stranger(world):
    before = state()
    with pytest.raises(PermissionDenied):
        services.organisation_set_blocked(
            actor=world.actor("dealer_a_admin"), organisation_id=world.dealer_a.pk, blocked=True
        )
    with pytest.raises(Http404):
        services.organisation_set_blocked(
            actor=world.actor("dealer_a_admin"), organisation_id=world.sub_b1.pk, blocked=True
        )
    with pytest.raises(PermissionDenied):
        services.organisation_set_blocked(
            actor=world.actor("manager_a"), organisation_id=world.sub_a1.pk, blocked=True
        )
    assert state() == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("inn", "7700000001", "контрольной цифрой"),
        ("inn", "77000", "10 цифр"),
        ("kpp", "77A", "КПП"),
        ("ogrn", "1267700001000", "контрольной цифрой"),
        ("account", "40702810000000001001", "не соответствует БИК"),
    ],
)
def test_bad_requisites_name_the_field_and_store_nothing(world, field, value, message):
    data = {
        "name": "ООО «Проверка»",
        "inn": "7700010014",
        "kpp": "770101002",
        "ogrn": "",
        "bik": "044525225",
        "account": "40702810500000001001",
        "corr_account": "30101810400000000225",
    }
    data[field] = value
    before = state()
    with pytest.raises(DomainError) as caught:
        services.legal_entity_create(
            actor=world.actor("dealer_a_admin"), organisation_id=world.dealer_a.pk, **data
        )
    assert caught.value.field == field and message in caught.value.message
    assert state() == before


def test_accountant_edits_own_legal_entities_only(world):
    entity = services.legal_entity_update(
        actor=world.actor("dealer_a_accountant"),
        legal_entity_id=world.legal_entities["dealer_a"].pk,
        address="Москва, ул. Новая, 1",
    )
    assert entity.address == "Москва, ул. Новая, 1"
    with pytest.raises(Http404):
        services.legal_entity_update(
            actor=world.actor("dealer_a_accountant"),
            legal_entity_id=world.legal_entities["dealer_b"].pk,
            address="x",
        )
