import re

import pytest

from portal.accounts.models import Invitation

URL = "/api/v1/invitations/"


def test_admin_invites_and_the_answer_never_holds_the_token(
    world, api, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api("dealer_a_admin").post(
            URL,
            {
                "organisation": world.sub_a1.pk,
                "email": "New.Person@Example.test",
                "role": "employee",
                "full_name": "Новый Человек",
                "invited_by": world.factory_admin.pk,
                "accepted_at": "2020-01-01T00:00:00Z",
                "token_hash": "0" * 64,
            },
            format="json",
        )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "pending"
    assert body["role_label"] == "Сотрудник субдилера"
    assert body["invited_by"] == {
        "id": world.dealer_a_admin.pk,
        "full_name": world.dealer_a_admin.full_name,
    }
    assert not {"token", "token_hash", "link"} & set(body)
    invitation = Invitation.objects.get(pk=body["id"])
    assert (invitation.email, invitation.accepted_at) == ("new.person@example.test", None)
    assert invitation.token_hash != "0" * 64
    (mail,) = mailoutbox
    token = re.search(r"/invite/([^/]+)/", mail.body).group(1)
    assert token not in response.content.decode()
    assert invitation.token_hash not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "org", "code"),
    [
        ("dealer_a_employee", "dealer_a", 403),
        ("dealer_a_employee", "sub_a1", 403),
        ("sub_a1_admin", "dealer_a", 403),
        ("dealer_a_admin", "dealer_b", 404),
        ("sub_a1_admin", "sub_b1", 404),
    ],
)
def test_invite_refused_changes_nothing(world, api, unchanged, mailoutbox, who, org, code):
    client = api(who)
    with unchanged():
        response = client.post(
            URL,
            {"organisation": world.orgs[org].pk, "email": "x@example.test", "role": "employee"},
            format="json",
        )
    assert response.status_code == code
    assert mailoutbox == []


def test_invite_refusals_name_the_field(world, api, unchanged):
    client = api("dealer_a_admin")
    with unchanged():
        taken = client.post(
            URL,
            {
                "organisation": world.dealer_a.pk,
                "email": "sub_a1_admin@example.test",
                "role": "employee",
            },
            format="json",
        )
        missing = client.post(URL, {"email": "x@example.test"}, format="json")
    assert taken.status_code == 400
    assert taken.json()["field"] == "email"
    assert set(missing.json()) == {"organisation", "role"}


@pytest.fixture
def invitation(world):
    from portal.accounts.services import invitation_send

    invitation, _token = invitation_send(
        actor=world.actor("sub_a1_admin"),
        organisation_id=world.sub_a1.pk,
        email="guest@example.test",
        role="employee",
    )
    return invitation


def test_list_and_retrieve_only_where_the_actor_manages(world, api, invitation):
    for who in ("sub_a1_admin", "dealer_a_admin", "factory_admin"):
        listed = api(who).get(URL).json()["results"]
        assert [row["id"] for row in listed] == [invitation.pk]
    for who in ("sub_a1_employee", "dealer_a_employee", "dealer_b_admin", "manager_a"):
        client = api(who)
        assert client.get(URL).json()["results"] == []
        assert client.get(f"{URL}{invitation.pk}/").status_code == 404


def test_revoke(world, api, invitation):
    response = api("dealer_a_admin").post(f"{URL}{invitation.pk}/revoke/")
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"

    again = api("dealer_a_admin").post(f"{URL}{invitation.pk}/revoke/")
    assert again.status_code == 400
    assert again.json() == {"detail": "Это приглашение уже не действует.", "field": None}


@pytest.mark.parametrize("who", ["sub_a1_employee", "dealer_b_admin"])
def test_revoke_refused_changes_nothing(world, api, unchanged, invitation, who):
    client = api(who)
    with unchanged():
        response = client.post(f"{URL}{invitation.pk}/revoke/")
    assert response.status_code == 404
