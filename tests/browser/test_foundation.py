"""The foundation in a real browser, on the demo data: every demo login reaches its own home
page, a sub-dealer is refused dealer-only addresses, the pages fit a 375 px phone, the CSP
holds, a wrong password is answered in Russian, and signing out works.

Loading the demo takes seconds and the live server's database is emptied after every test, so
one test loads it once and walks the checks in sequence.
"""

from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from portal.organisations.models import Organisation
from tests.browser.conftest import login

# e-mail: (company in the top bar, a text only that role's home page shows)
HOMES = {
    "admin@zavod.demo": ("Северный профиль", "Сводка по заказам и дилерской сети"),
    "manager@zavod.demo": ("Северный профиль", "Мои дилеры (2)"),
    "buh@zavod.demo": ("Северный профиль", "Сверх кредитного лимита"),
    "owner@okna-pro.demo": ("Окна-Про", "Добавить субдилера"),
    "sales@okna-pro.demo": ("Окна-Про", "Здравствуйте, Мария"),
    "buh@okna-pro.demo": ("Окна-Про", "Здравствуйте, Елена"),
    "owner@himki.demo": ("Окна Химки", "Ваш дилер"),
    "owner@mytishchi.demo": ("Окна Мытищи", "Ваш дилер"),
    "owner@dver-dom.demo": ("Дверной дом", "Мои заказы"),
    "owner@teplodom.demo": ("ТеплоДом", "Мои заказы"),
}


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stdout=StringIO())


def sign_out(page) -> None:
    page.click(".menu--account summary")
    page.click(".menu--account button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_foundation_on_the_demo_data(demo, new_page):
    every_demo_role_signs_in_and_sees_its_home_page(new_page())
    wrong_password_is_answered_in_russian(new_page())
    sub_dealer_is_refused_dealer_only_addresses(new_page())
    pages_fit_a_phone_and_the_menu_opens(new_page(phone=True))


def every_demo_role_signs_in_and_sees_its_home_page(page):
    for email, (company, marker) in HOMES.items():
        login(page, email)
        assert urlparse(page.url).path == "/", f"{email} did not reach the home page: {page.url}"
        assert page.locator(".topbar__company").inner_text() == company
        assert marker in page.locator("main").inner_text(), f"{email}: «{marker}» is missing"
        assert page.csp_errors == [], f"{email}: {page.csp_errors}"
        sign_out(page)
        assert "/login/" in page.url
        # Signed out for real: the home page asks to sign in again.
        page.goto("/")
        assert "/login/" in page.url


def sub_dealer_is_refused_dealer_only_addresses(page):
    login(page, "owner@himki.demo")

    response = page.goto("/organisations/")
    assert response.status == 403
    assert "Нет доступа" in page.locator("h1").inner_text()
    assert "У субдилера нет нижестоящих организаций." in page.locator("main").inner_text()

    stranger = Organisation.objects.get(name="Дверной дом")
    sibling = Organisation.objects.get(name="Окна Мытищи")
    for organisation in (stranger, sibling):
        response = page.goto(f"/organisations/{organisation.pk}/")
        assert response.status == 404
        assert "Страница не найдена" in page.locator("h1").inner_text()
        assert organisation.name not in page.content()

    response = page.goto("/users/")
    assert response.status == 200  # its own people, for its admin
    assert "Окна-Про" not in page.locator("main").inner_text()
    assert page.csp_errors == []


def wrong_password_is_answered_in_russian(page):
    login(page, "owner@okna-pro.demo", "not-the-password")
    assert "/login/" in page.url
    assert "Неверный e-mail или пароль" in page.locator("main").inner_text()
    assert page.csp_errors == []


def pages_fit_a_phone_and_the_menu_opens(page):
    login(page, "owner@okna-pro.demo")
    for path in ("/", "/organisations/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways at 375 px: {width}px"
    assert page.locator(".nav.wide-only").is_hidden()
    menu = page.locator(".menu--mobile")
    assert menu.locator(".menu__panel").is_hidden()
    menu.locator("summary").click()
    assert menu.locator(".menu__panel").is_visible()
    assert menu.locator(".nav__link", has_text="Субдилеры").is_visible()
    menu.locator(".nav__link", has_text="Субдилеры").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/organisations/")
    assert page.csp_errors == []
