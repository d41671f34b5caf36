"""The signed-in user's statement gives the same models the ORM gives, relations loaded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.accounts.backends import EmailBackend
from portal.accounts.models import User
from portal.accounts.session_user import user_with_organisation
from portal.organisations.services import organisation_set_blocked
from tests.world import PASSWORD


def fields(instance) -> dict:
    """Every concrete field's value with its type: SQLite gives booleans as 0/1 and datetimes
    as text unless the converters ran, and ``0 == False``."""
    return {
        field.attname: (type(value := getattr(instance, field.attname)), value)
        for field in instance._meta.concrete_fields
    }


@pytest.mark.parametrize(
    "who", ["factory_admin", "manager_a", "dealer_a_admin", "sub_a1_employee", "sub_b1_admin"]
)
def test_the_same_user_organisation_and_parent_as_the_orm(world, who):
    expected = User.objects.select_related("organisation__parent").get(pk=world.users[who].pk)
    User.objects.filter(pk=expected.pk).update(last_login=timezone.now())
    expected.refresh_from_db(fields=["last_login"])

    user = user_with_organisation(expected.pk)

    assert fields(user) == fields(expected)
    with CaptureQueriesContext(connection) as captured:
        organisation, parent = user.organisation, user.organisation.parent
    assert not captured.captured_queries
    assert fields(organisation) == fields(expected.organisation)
    if expected.organisation.parent is None:
        assert parent is None
    else:
        assert fields(parent) == fields(expected.organisation.parent)
    assert user._state.db == "default" and not user._state.adding


def test_a_user_outside_any_organisation_and_an_unknown_id(db):
    root = User.objects.create_superuser("root@example.test", PASSWORD, full_name="Root")

    user = user_with_organisation(root.pk)

    with CaptureQueriesContext(connection) as captured:
        assert user.organisation is None
    assert not captured.captured_queries
    assert fields(user) == fields(User.objects.get(pk=root.pk))
    assert user_with_organisation(root.pk + 1000) is None


def test_the_backend_still_resolves_a_blocked_company_and_drops_an_inactive_user(world):
    """ActorMiddleware logs a blocked company's people out with the reason, so they resolve."""
    organisation_set_blocked(
        actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=True
    )
    sub = EmailBackend().get_user(world.users["sub_a1_employee"].pk)
    assert sub.organisation.parent.is_blocked is True
    User.objects.filter(pk=sub.pk).update(is_active=False)
    assert EmailBackend().get_user(sub.pk) is None
