from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal.accounts import services
from portal.accounts.models import Invitation, User
from portal.audit.models import AuditEvent
from portal.core.errors import DomainError, PermissionDenied
from portal.organisations.roles import Role


@pytest.fixture(autouse=True)
def _immediate_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_dealer_admin_invites_into_own_sub_dealer_and_link_works_once(
    world, django_capture_on_commit_callbacks
):
    actor = world.actor("dealer_a_admin")
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_send(
            actor=actor, organisation_id=world.sub_a1.pk, email="New@Himki.test", role=Role.EMPLOYEE
        )
    assert invitation.email == "new@himki.test"
    assert len(mail.outbox) == 1
    assert f"/invite/{token}/" in mail.outbox[0].body
    assert token not in Invitation.objects.values_list("token_hash", flat=True)

    user = services.invitation_accept(
        token=token, full_name="Новый Сотрудник", password="s3cure-Passw0rd"
    )
    assert user.organisation == world.sub_a1 and user.role == Role.EMPLOYEE
    assert user.check_password("s3cure-Passw0rd")

    with pytest.raises(DomainError, match="уже использовано"):
        services.invitation_accept(token=token, full_name="Ещё раз", password="s3cure-Passw0rd")
    assert User.objects.filter(email="new@himki.test").count() == 1


def test_expired_invitation_is_refused_and_creates_nobody(world):
    invitation, token = services.invitation_send(
        actor=world.actor("factory_admin"),
        organisation_id=world.dealer_b.pk,
        email="late@b.test",
        role=Role.ADMIN,
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(DomainError, match="Срок действия приглашения истёк"):
        services.invitation_accept(token=token, full_name="Опоздавший", password="s3cure-Passw0rd")
    assert not User.objects.filter(email="late@b.test").exists()


@pytest.mark.parametrize(
    ("who", "org", "role", "error", "message"),
    [
        ("dealer_a_admin", "dealer_b", Role.EMPLOYEE, "Http404", None),
        ("dealer_a_admin", "dealer_a", Role.MANAGER, DomainError, "только у сотрудников завода"),
        ("dealer_a_employee", "dealer_a", Role.EMPLOYEE, PermissionDenied, "администратор"),
        ("sub_a1_admin", "sub_a1", Role.ACCOUNTANT, DomainError, "нет роли"),
        ("manager_a", "dealer_a", Role.EMPLOYEE, PermissionDenied, "администратор"),
    ],
)
def test_invitation_refusals_change_nothing(world, who, org, role, error, message):
    from django.http import Http404

    before = (Invitation.objects.count(), AuditEvent.objects.count())
    expected = Http404 if error == "Http404" else error
    with pytest.raises(expected) as caught:
        services.invitation_send(
            actor=world.actor(who), organisation_id=world.orgs[org].pk, email="x@y.test", role=role
        )
    if message:
        assert message in caught.value.message
    assert (Invitation.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_email_is_refused(world):
    with pytest.raises(DomainError, match="уже есть") as caught:
        services.invitation_send(
            actor=world.actor("dealer_a_admin"),
            organisation_id=world.dealer_a.pk,
            email=world.dealer_b_admin.email.upper(),
            role=Role.EMPLOYEE,
        )
    assert caught.value.field == "email"


def test_role_change_never_above_own_and_is_audited(world):
    admin = world.actor("dealer_a_admin")
    services.user_change_role(actor=admin, user_id=world.dealer_a_employee.pk, role=Role.ACCOUNTANT)
    world.dealer_a_employee.refresh_from_db()
    assert world.dealer_a_employee.role == Role.ACCOUNTANT
    event = AuditEvent.objects.get(action="user_role_changed")
    assert (
        event.changes == {"role": ["employee", "accountant"]}
        and event.organisation == world.dealer_a
    )

    with pytest.raises(PermissionDenied):
        services.user_change_role(
            actor=world.actor("dealer_a_accountant"),
            user_id=world.dealer_a_accountant.pk,
            role=Role.ADMIN,
        )
    world.dealer_a_accountant.refresh_from_db()
    assert world.dealer_a_accountant.role == Role.ACCOUNTANT


def test_last_admin_cannot_be_demoted(world):
    with pytest.raises(DomainError, match="единственный администратор"):
        services.user_change_role(
            actor=world.actor("dealer_a_admin"), user_id=world.sub_a1_admin.pk, role=Role.EMPLOYEE
        )


def test_blocking_ends_the_user_s_sessions_and_unblocking_does_not_revive_them(world):
    actor = world.actor("dealer_a_admin")
    before = timezone.now()
    services.user_set_active(actor=actor, user_id=world.dealer_a_employee.pk, active=False)
    ended_at = User.objects.get(pk=world.dealer_a_employee.pk).sessions_ended_at
    assert ended_at is not None and ended_at >= before

    services.user_set_active(actor=actor, user_id=world.dealer_a_employee.pk, active=True)
    assert User.objects.get(pk=world.dealer_a_employee.pk).sessions_ended_at == ended_at
    assert User.objects.filter(sessions_ended_at__isnull=False).count() == 1


def test_blocked_user_loses_the_session(world):
    client = world.client("dealer_a_employee")
    assert client.get("/").status_code == 200
    services.user_set_active(
        actor=world.actor("dealer_a_admin"), user_id=world.dealer_a_employee.pk, active=False
    )
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response["Location"]
