from django.test import RequestFactory

from portal.accounts.backends import EmailBackend
from portal.accounts.models import User
from portal.organisations.services import organisation_set_blocked
from tests.world import PASSWORD


def sign_in(email: str, password: str):
    return EmailBackend().authenticate(RequestFactory().post("/login/"), email, password)


def test_blocked_dealer_closes_sign_in_for_itself_and_its_sub_dealers(world):
    assert sign_in("sub_a1_admin@example.test", PASSWORD) is not None
    organisation_set_blocked(
        actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=True
    )

    assert sign_in("dealer_a_admin@example.test", PASSWORD) is None
    assert sign_in("sub_a1_admin@example.test", PASSWORD) is None
    assert sign_in("dealer_b_admin@example.test", PASSWORD) is not None


def test_superuser_outside_any_organisation_still_signs_in(db):
    User.objects.create_superuser("root@example.test", PASSWORD, full_name="Root")

    assert sign_in("ROOT@example.test", PASSWORD) is not None
