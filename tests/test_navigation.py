"""The menu of each role: the daily work in the bar, an admin's administration pages in one
«Управление» drop-down (a <details>: no JavaScript needed), every link opening for its role."""

import pytest
from lxml import html

from portal.web.context_processors import NavItem, current_item
from tests.world import USERS

WORK = {
    "factory_admin": ["Главная", "Заказы", "Модерация", "Каталог", "Конфигуратор", "Документы"],
    "manager_a": [
        "Главная",
        "Заказы",
        "Модерация",
        "Каталог",
        "Конфигуратор",
        "Документы",
        "Мои дилеры",
    ],
    "accountant": [
        "Главная",
        "Заказы",
        "Каталог",
        "Конфигуратор",
        "Документы",
        "Дилеры",
        "Моя компания",
    ],
    "dealer_a_admin": [
        "Главная",
        "Заказы",
        "Модерация",
        "Каталог",
        "Конфигуратор",
        "Корзина",
        "Документы",
    ],
    "dealer_a_employee": [
        "Главная",
        "Заказы",
        "Модерация",
        "Каталог",
        "Конфигуратор",
        "Корзина",
        "Документы",
        "Моя компания",
    ],
    "dealer_a_accountant": [
        "Главная",
        "Заказы",
        "Каталог",
        "Конфигуратор",
        "Документы",
        "Моя компания",
    ],
    "sub_a1_admin": ["Главная", "Заказы", "Каталог", "Конфигуратор", "Корзина"],
    "sub_a1_employee": ["Главная", "Заказы", "Каталог", "Конфигуратор", "Корзина", "Моя компания"],
}
ADMIN = {
    "factory_admin": [
        "Моя компания",
        "Дилеры",
        "Пользователи",
        "Цены дилеров",
        "Акции",
        "Проверка цены",
        "Обмен с 1С",
        "Журнал",
    ],
    "dealer_a_admin": [
        "Моя компания",
        "Субдилеры",
        "Пользователи",
        "Цены субдилеров",
        "Проверка цены",
        "Журнал",
    ],
    "sub_a1_admin": ["Моя компания", "Пользователи", "Журнал"],
}
WORK["dealer_b_admin"], ADMIN["dealer_b_admin"] = WORK["dealer_a_admin"], ADMIN["dealer_a_admin"]
WORK["sub_b1_admin"], ADMIN["sub_b1_admin"] = WORK["sub_a1_admin"], ADMIN["sub_a1_admin"]
WORK["manager_b"] = WORK["manager_a"]


def bar(world, who: str, path: str = "/"):
    """The wide navigation bar of ``path`` as seen by ``who``."""
    response = world.client(who).get(path)
    assert response.status_code == 200
    return html.fromstring(response.content.decode()).xpath(f"//nav[{has('nav')}]")[0]


def has(name: str) -> str:
    """XPath: the element has the class ``name``."""
    return f"contains(concat(' ', @class, ' '), ' {name} ')"


BAR_LINKS = f".//a[{has('nav__link')}]"
MENU_LINKS = f".//details[{has('menu--nav')}]//a[{has('menu__link')}]"
MENU_TOGGLE = f".//details[{has('menu--nav')}]/summary"


def links(nav, xpath: str) -> list[tuple[str, str]]:
    return [(a.text_content().strip(), a.get("href")) for a in nav.xpath(xpath)]


@pytest.mark.parametrize("who", sorted(USERS))
def test_each_role_has_its_daily_work_and_its_administration(world, who):
    nav = bar(world, who)
    assert [label for label, _ in links(nav, BAR_LINKS)] == WORK[who]
    assert [label for label, _ in links(nav, MENU_LINKS)] == ADMIN.get(who, [])
    menus = nav.xpath(MENU_TOGGLE)
    assert [m.text_content().strip() for m in menus] == (["Управление"] if who in ADMIN else [])


@pytest.mark.parametrize("who", sorted(USERS))
def test_every_menu_link_opens_for_its_role(world, who):
    nav = bar(world, who)
    client = world.client(who)
    for label, url in links(nav, BAR_LINKS) + links(nav, MENU_LINKS):
        assert client.get(url).status_code == 200, f"{who}: «{label}» {url}"


@pytest.mark.parametrize("who", sorted(USERS))
def test_catalog_and_configurator_are_in_every_menu(world, who):
    page = world.client(who).get("/").content.decode()
    assert '<a class="nav__link" href="/catalog/"' in page and ">Каталог<" in page
    assert '<a class="nav__link" href="/configurator/"' in page and ">Конфигуратор<" in page
    assert (">Обмен с 1С<" in page) == (who == "factory_admin")


def current(nav) -> list[str]:
    return [a.text_content().strip() for a in nav.xpath('.//a[@aria-current="page"]')]


def test_the_current_page_is_marked_and_so_is_its_menu(world):
    assert current(bar(world, "dealer_a_admin", "/")) == ["Главная"]
    assert current(bar(world, "dealer_a_admin", "/orders/moderation/")) == ["Модерация"]
    assert current(bar(world, "dealer_a_admin", "/cart/quick/")) == ["Корзина"]
    nav = bar(world, "dealer_a_admin", f"/organisations/{world.sub_a1.pk}/")
    assert current(nav) == ["Субдилеры"]
    assert nav.xpath(f"{MENU_TOGGLE}[{has('nav__link--current')}]")
    nav = bar(world, "dealer_a_admin", f"/organisations/{world.dealer_a.pk}/edit/")
    assert current(nav) == ["Моя компания"]
    nav = bar(world, "factory_admin", f"/catalog/pricing/dealers/{world.dealer_a.pk}/")
    assert current(nav) == ["Цены дилеров"]
    nav = bar(world, "factory_admin", "/catalog/")
    assert current(nav) == ["Каталог"] and not nav.xpath(f".//*[{has('nav__link--current')}]")


def test_current_item_is_the_longest_match_and_home_only_for_itself():
    items = [NavItem("Главная", "/"), NavItem("Дилеры", "/o/"), NavItem("Моя", "/o/1/")]
    assert current_item(items, "/") == items[0]
    assert current_item(items, "/o/7/") == items[1]
    assert current_item(items, "/o/1/edit/") == items[2]
    assert current_item(items, "/profile/") is None


def test_the_phone_menu_lists_the_administration_under_its_heading(world):
    page = html.fromstring(world.client("dealer_a_admin").get("/").content.decode())
    phone = page.xpath(f"//details[{has('menu--mobile')}]//nav")[0]
    assert phone.xpath(f".//p[{has('menu__heading')}]")[0].text_content().strip() == "Управление"
    labels = [label for label, _ in links(phone, BAR_LINKS)]
    assert labels == WORK["dealer_a_admin"] + ADMIN["dealer_a_admin"]
    assert not phone.xpath(".//details")  # no drop-down inside the drop-down
