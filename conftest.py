"""Fixtures for every test: the `world` of two dealer trees and the factory staff."""

import pytest

from tests.world import World, build_world


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
def _private_media(settings, tmp_path):
    """Uploaded and generated files (attachments, pictures, price lists) go to the test's own
    folder, never into the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
