from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.accounts import services as accounts_services
from portal.accounts.models import Invitation, User
from portal.audit.models import AuditEvent
from portal.organisations import services as organisation_services
from tests.world import PASSWORD

LOGIN = "/login/"
TOKEN_URL = "/api/v1/auth/token/"


def post_login(client, email, password):
    return client.post(LOGIN, {"username": email, "password": password})


def test_login_page_is_russian(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Вход в дилерский портал" in response.content.decode()


def test_wrong_password_says_so_in_russian(client, world):
    response = post_login(client, "dealer_a_admin@example.test", "wrong")
    assert response.status_code == 200
    assert "Неверный e-mail или пароль" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_goes_home_and_applies_the_saved_language(client, world):
    User.objects.filter(pk=world.dealer_a_admin.pk).update(language="en")
    response = post_login(client, "Dealer_A_Admin@example.test", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"


def test_lockout_after_five_failures_for_that_email_from_that_address(client, world):
    for _ in range(4):
        assert post_login(client, "dealer_a_admin@example.test", "wrong").status_code == 200
    locked = post_login(client, "dealer_a_admin@example.test", "wrong")
    assert locked.status_code == 429
    assert "Вход временно заблокирован" in locked.content.decode()
    # Even the right password is refused now …
    assert post_login(client, "dealer_a_admin@example.test", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # … while another account still signs in from the same address.
    assert post_login(client, "dealer_b_admin@example.test", PASSWORD).status_code == 302


def test_blocked_company_logs_its_user_out_and_keeps_them_out(world):
    client = world.client("sub_a1_employee")
    assert client.get("/").status_code == 200
    organisation_services.organisation_set_blocked(
        actor=world.actor("dealer_a_admin"), organisation_id=world.sub_a1.pk, blocked=True
    )
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Доступ вашей организации" in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = post_login(client, "sub_a1_employee@example.test", PASSWORD)
    assert response.status_code == 200
    assert "Доступ вашей организации закрыт" in response.content.decode()
    assert "_auth_user_id" not in client.session


def block_and_unblock_the_user(world):
    for active in (False, True):
        accounts_services.user_set_active(
            actor=world.actor("sub_a1_admin"), user_id=world.sub_a1_employee.pk, active=active
        )


def block_and_unblock_the_company(world):
    for blocked in (True, False):
        organisation_services.organisation_set_blocked(
            actor=world.actor("dealer_a_admin"), organisation_id=world.sub_a1.pk, blocked=blocked
        )


def block_and_unblock_the_dealer(world):
    for blocked in (True, False):
        organisation_services.organisation_set_blocked(
            actor=world.actor("factory_admin"), organisation_id=world.dealer_a.pk, blocked=blocked
        )


@pytest.mark.parametrize(
    "block_and_unblock",
    [block_and_unblock_the_user, block_and_unblock_the_company, block_and_unblock_the_dealer],
)
def test_a_block_lifted_before_the_next_request_still_ends_the_session(world, block_and_unblock):
    client = Client()
    assert post_login(client, "sub_a1_employee@example.test", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    stranger = world.client("dealer_b_admin")

    block_and_unblock(world)

    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "Доступ вашей организации или вашей учётной записи закрыт" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert stranger.get("/").status_code == 200
    # Signed in again after the unblock, the new session keeps working.
    assert post_login(client, "sub_a1_employee@example.test", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200


def test_an_api_session_from_before_a_lifted_block_is_unauthenticated(world):
    client = world.client("sub_a1_employee")
    assert client.get("/api/v1/me/").status_code == 200
    block_and_unblock_the_user(world)
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert "_auth_user_id" not in client.session


def test_an_address_failing_on_many_e_mails_is_locked_out_for_every_account(world):
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    answers = [
        post_login(sprayer, f"person{number}@example.test", "Leto-2025!").status_code
        for number in range(31)
    ]
    assert answers == [200] * 29 + [429] * 2  # the 30th failure locks the address

    refused = post_login(sprayer, "dealer_a_admin@example.test", PASSWORD)
    assert refused.status_code == 429
    assert "Вход временно заблокирован" in refused.content.decode()
    assert "_auth_user_id" not in sprayer.session
    token = Client(REMOTE_ADDR="203.0.113.7").post(
        TOKEN_URL,
        {"email": "dealer_b_admin@example.test", "password": PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 429
    # Another address is not affected.
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert post_login(elsewhere, "dealer_a_admin@example.test", PASSWORD).status_code == 302


def test_colleagues_typos_behind_one_address_lock_nobody_below_the_address_limit(world):
    office = Client(REMOTE_ADDR="192.0.2.10")
    colleagues = [
        User.objects.create_user(
            f"colleague{number}@example.test",
            PASSWORD,
            full_name=f"Коллега {number}",
            organisation=world.dealer_a,
        )
        for number in range(7)
    ]
    for colleague in colleagues:
        for _ in range(4):
            assert post_login(office, colleague.email, "opechatka").status_code == 200
    # 28 failures from the office: everybody still signs in …
    assert post_login(office, "dealer_a_employee@example.test", PASSWORD).status_code == 302
    office.post("/logout/")
    # … until the address reaches 30 failures: then nobody from it does.
    assert post_login(office, "dealer_a_accountant@example.test", "opechatka").status_code == 200
    assert post_login(office, "dealer_a_accountant@example.test", "opechatka").status_code == 429
    assert post_login(office, colleagues[0].email, PASSWORD).status_code == 429


def test_logout_is_post_only(world):
    client = world.client("dealer_a_admin")
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_the_letter_through_a_job_and_audits(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "dealer_a_employee@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    letter = mail.outbox[0]
    assert letter.to == ["dealer_a_employee@example.test"]
    assert "Сброс пароля" in letter.subject
    link = next(line for line in letter.body.splitlines() if "/password-reset/" in line)
    assert link.startswith("http")
    assert AuditEvent.objects.filter(
        action="password_reset_requested", user=world.dealer_a_employee
    ).exists()

    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path, follow=True)
    assert confirm.status_code == 200
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Nov-parol-2025!", "new_password2": "Nov-parol-2025!"}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(pk=world.dealer_a_employee.pk).check_password("Nov-parol-2025!")
    assert AuditEvent.objects.filter(
        action="password_reset_done", user=world.dealer_a_employee
    ).exists()


def test_password_reset_for_an_unknown_email_sends_nothing(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/password-reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.fixture
def invitation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = accounts_services.invitation_send(
            actor=world.actor("dealer_a_admin"),
            organisation_id=world.dealer_a.pk,
            email="new.person@example.test",
            role="employee",
        )
    return invitation, token


def test_invitation_letter_and_page(client, invitation):
    _, token = invitation
    assert f"/invite/{token}/" in mail.outbox[0].body
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Дилер А" in page
    assert "Сотрудник дилера" in page


def test_invitation_accept_works_once(client, invitation):
    _, token = invitation
    data = {
        "full_name": "Новый Человек",
        "password1": "Okno-2025-dver",
        "password2": "Okno-2025-dver",
    }
    response = client.post(f"/invite/{token}/", data)
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="new.person@example.test")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.role == "employee"

    again = client.__class__().post(f"/invite/{token}/", data)
    assert again.status_code == 410
    assert "уже использовано" in again.content.decode()
    assert User.objects.filter(email="new.person@example.test").count() == 1


def test_invitation_passwords_must_match(client, invitation):
    _, token = invitation
    response = client.post(
        f"/invite/{token}/",
        {"full_name": "Новый Человек", "password1": "Okno-2025-dver", "password2": "другой"},
    )
    assert response.status_code == 200
    assert "Пароли не совпадают" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.test").exists()


def test_expired_invitation_is_refused(client, invitation):
    invite, token = invitation
    Invitation.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = client.post(
        f"/invite/{token}/",
        {"full_name": "Н", "password1": "Okno-2025-dver", "password2": "Okno-2025-dver"},
    )
    assert response.status_code == 410
    assert "Срок действия приглашения истёк" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.test").exists()


def test_unknown_invitation_link(client, db):
    response = client.get("/invite/not-a-token/")
    assert response.status_code == 410
    assert "не найдена" in response.content.decode()
