"""Fixtures of the concurrency tests: the world with the factory's bank details (invoices need
them), the orders tests' priced shop, and a private media folder for catalog pictures."""

import pytest

from portal.billing.tests.builders import BANK
from portal.orders.tests.conftest import Shop, shop  # noqa: F401  (the fixture)

__all__ = ["Shop"]


@pytest.fixture
def world(world):
    factory = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory, name, value)
    factory.save()
    return world


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
