"""The menu of each role: the work areas for everybody, the 1C exchange for the factory admin."""

import pytest

from tests.world import USERS


def menu(world, who: str) -> str:
    return world.client(who).get("/").content.decode()


@pytest.mark.parametrize("who", sorted(USERS))
def test_catalog_and_configurator_are_in_every_menu(world, who):
    page = menu(world, who)
    assert '<a class="nav__link" href="/catalog/"' in page and ">Каталог<" in page
    assert '<a class="nav__link" href="/configurator/"' in page and ">Конфигуратор<" in page
    assert (">Обмен с 1С<" in page) == (who == "factory_admin")
