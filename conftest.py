"""Fixtures for every test: the `world` of two dealer trees and the factory staff."""

import pytest

from tests.world import World, build_world


def pytest_collection_modifyitems(config, items):
    """Tests marked ``long`` go first: with two workers one of them runs such a test while the
    other takes the rest, instead of running it alone at the end of the suite."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language: a request in English (the locale tests)
    leaves English active in its thread, and a later test on that worker would see it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded and generated files (attachments, pictures, price lists) go to the test's own
    folder, never into the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
