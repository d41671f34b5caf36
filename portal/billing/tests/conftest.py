import pytest

from portal.billing.tests.builders import BANK


@pytest.fixture
def world(world):
    """The world, with the factory's legal entity holding bank details (for the invoice)."""
    factory = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory, name, value)
    factory.save()
    return world
