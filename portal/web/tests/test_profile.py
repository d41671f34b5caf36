from portal.accounts.models import User
from tests.world import PASSWORD

from .helpers import actions


def test_anonymous_goes_to_login(client, db):
    assert client.get("/profile/")["Location"].startswith("/login/")
    assert client.get("/profile/password/")["Location"].startswith("/login/")


def test_profile_update_and_language(world):
    client = world.client("sub_a1_employee")
    assert "sub_a1_employee@example.test" in client.get("/profile/").content.decode()
    response = client.post(
        "/profile/",
        {
            "full_name": "Иван Петров",
            "phone": "+7 900 000-00-00",
            "position": "Замерщик",
            "language": "en",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=world.sub_a1_employee.pk)
    assert (user.full_name, user.position, user.language) == ("Иван Петров", "Замерщик", "en")
    assert response.cookies["django_language"].value == "en"
    assert "user_updated" in actions()


def test_profile_needs_a_name(world):
    response = world.client("sub_a1_employee").post(
        "/profile/", {"full_name": " ", "language": "ru"}
    )
    assert response.status_code == 200
    assert User.objects.get(pk=world.sub_a1_employee.pk).full_name == "Sub A1 Employee"


def test_password_change_is_audited(world):
    client = world.client("dealer_a_employee")
    response = client.post(
        "/profile/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Dver-Okno-2025",
            "new_password2": "Dver-Okno-2025",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.dealer_a_employee.pk).check_password("Dver-Okno-2025")
    assert "password_changed" in actions(organisation=world.dealer_a)
    assert client.get("/profile/").status_code == 200  # still signed in


def test_password_change_wrong_old_password(world):
    response = world.client("dealer_a_employee").post(
        "/profile/password/",
        {
            "old_password": "wrong",
            "new_password1": "Dver-Okno-2025",
            "new_password2": "Dver-Okno-2025",
        },
    )
    assert response.status_code == 200
    assert User.objects.get(pk=world.dealer_a_employee.pk).check_password(PASSWORD)
    assert "password_changed" not in actions()


def test_language_switch(world):
    response = world.client("dealer_a_employee").post(
        "/i18n/setlang/", {"language": "en", "next": "/"}
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
