"""Token issue, token and session authentication, the Actor, and the error format."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.accounts.models import User
from portal.accounts.services import user_set_active
from portal.audit.models import AuditEvent
from portal.organisations.services import organisation_set_blocked
from tests.world import PASSWORD

from .tokens import TOKEN_URL, issue

ME_URL = "/api/v1/me/"
CLOSED = "Доступ вашей организации или вашей учётной записи закрыт."


def test_good_password_issues_the_token_and_audits_it(world):
    response = issue("dealer_a_admin@example.test", PASSWORD)

    assert response.status_code == 200
    token = Token.objects.get(user=world.dealer_a_admin)
    assert response.json() == {"token": token.key}
    event = AuditEvent.objects.get(action="api_token_issued")
    assert event.user == world.dealer_a_admin
    assert event.organisation == world.dealer_a
    assert token.key not in str(event.object_id) + event.object_repr + str(event.changes)

    me = APIClient().get(ME_URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert me.status_code == 200
    assert me.json()["email"] == "dealer_a_admin@example.test"


def test_e_mail_is_case_insensitive_and_the_token_is_the_same_each_time(world):
    first = issue("Dealer_A_Admin@Example.test", PASSWORD).json()["token"]
    second = issue("dealer_a_admin@example.test", PASSWORD).json()["token"]
    assert first == second


@pytest.mark.parametrize("email", ["dealer_a_admin@example.test", "nobody@example.test"])
def test_bad_credentials_answer_400_in_russian_and_are_counted(world, email):
    response = issue(email, "wrong-password")

    assert response.status_code == 400
    assert response.json() == {"detail": "Неверный e-mail или пароль.", "field": None}
    assert not Token.objects.exists()
    assert AuditEvent.objects.filter(action="login_failed", actor_email=email).count() == 1
    assert AccessAttempt.objects.get(username=email).failures_since_start == 1


def test_missing_fields_keep_their_names_with_russian_messages(world):
    response = APIClient().post(TOKEN_URL, {"email": "not-an-email"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"email", "password"}
    assert body["password"] == ["Обязательное поле."]
    assert "адрес электронной почты" in body["email"][0]


@override_settings(AXES_ACCOUNT_FAILURE_LIMIT=3)
def test_after_too_many_failures_even_the_right_password_is_refused(world):
    for _ in range(3):
        issue("dealer_a_admin@example.test", "wrong-password")

    response = issue("dealer_a_admin@example.test", PASSWORD)

    assert response.status_code == 429
    assert "Слишком много неудачных попыток" in response.json()["detail"]
    assert not Token.objects.exists()


@override_settings(AXES_ADDRESS_FAILURE_LIMIT=4)
def test_failures_over_many_e_mails_lock_the_address_out_for_every_account(world):
    for number in range(3):
        assert issue(f"person{number}@example.test", "Leto-2025!").status_code == 400
    assert issue("person3@example.test", "Leto-2025!").status_code == 429

    response = issue("dealer_a_admin@example.test", PASSWORD)

    assert response.status_code == 429
    assert response.json() == {"detail": "Слишком много неудачных попыток входа. Попробуйте позже."}
    assert not Token.objects.exists()
    elsewhere = APIClient(REMOTE_ADDR="198.51.100.9").post(
        TOKEN_URL, {"email": "dealer_a_admin@example.test", "password": PASSWORD}, format="json"
    )
    assert elsewhere.status_code == 200


def test_token_issue_is_throttled(world):
    for _ in range(10):
        assert issue("dealer_a_admin@example.test", PASSWORD).status_code == 200

    response = issue("dealer_a_admin@example.test", PASSWORD)

    assert response.status_code == 429
    assert response.json()["detail"].startswith("Запрос был проигнорирован")


def test_a_forged_forwarded_for_does_not_escape_the_throttle(world):
    for number in range(10):
        APIClient().post(
            TOKEN_URL,
            {"email": "dealer_a_admin@example.test", "password": PASSWORD},
            format="json",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
    response = APIClient().post(
        TOKEN_URL,
        {"email": "dealer_a_admin@example.test", "password": PASSWORD},
        format="json",
        HTTP_X_FORWARDED_FOR="10.0.1.1",
    )
    assert response.status_code == 429


def test_blocked_company_gets_no_token_and_its_tokens_stop_working(world, api):
    sub_dealer_client = api("sub_a1_admin")
    dealer_client = api("dealer_a_employee")
    organisation_set_blocked(
        actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=True
    )

    refused = issue("dealer_a_admin@example.test", PASSWORD)
    assert refused.status_code == 403
    assert refused.json() == {"detail": CLOSED}
    assert not Token.objects.filter(user=world.dealer_a_admin).exists()
    # A blocked dealer closes its sub-dealers too.
    for client in (dealer_client, sub_dealer_client):
        response = client.get(ME_URL)
        assert response.status_code == 401
        assert response.json() == {"detail": CLOSED}


def test_blocked_user_token_is_refused(world, api):
    client = api("dealer_a_employee")
    User.objects.filter(pk=world.dealer_a_employee.pk).update(is_active=False)

    response = client.get(ME_URL)

    assert response.status_code == 401
    assert response.json() == {"detail": CLOSED}
    assert issue("dealer_a_employee@example.test", PASSWORD).status_code == 400


def test_anonymous_and_wrong_token_get_401(world):
    anonymous = APIClient().get(ME_URL)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json() == {"detail": "Учетные данные не были предоставлены."}

    wrong = APIClient().get(ME_URL, HTTP_AUTHORIZATION="Token not-a-real-token")
    assert wrong.status_code == 401
    assert wrong.json() == {"detail": "Неверный API-токен."}


def test_session_works_like_the_web_and_a_blocked_company_loses_it(world):
    client = world.client("dealer_a_admin")
    assert client.get(ME_URL).json()["email"] == "dealer_a_admin@example.test"

    organisation_set_blocked(
        actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=True
    )

    assert client.get(ME_URL).status_code == 401


def test_account_outside_any_organisation_gets_403(world):
    admin = User.objects.create_superuser("root@example.test", PASSWORD, full_name="Root")
    client = APIClient()
    client.force_login(admin, backend="portal.accounts.backends.EmailBackend")

    response = client.get(ME_URL)

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Доступ к API есть только у пользователей организаций портала."
    }


def test_a_token_from_before_a_lifted_block_stays_dead_and_a_new_one_is_issued(world, api):
    """Blocking ends the token like the sessions: lifting the block does not bring it back."""
    client = api("dealer_a_employee")
    old = Token.objects.get(user=world.dealer_a_employee).key
    admin = world.actor("dealer_a_admin")
    for active in (False, True):
        user_set_active(actor=admin, user_id=world.dealer_a_employee.pk, active=active)

    response = client.get(ME_URL)
    assert response.status_code == 401
    assert response.json() == {"detail": CLOSED}
    new = issue("dealer_a_employee@example.test", PASSWORD).json()["token"]
    assert new != old
    me = APIClient().get(ME_URL, HTTP_AUTHORIZATION=f"Token {new}")
    assert me.json()["email"] == "dealer_a_employee@example.test"
