"""A version of the whole catalog for cache keys: what is cached under one version is dropped
by ``catalog_changed()`` (the importer calls it after its commit) or after ``CACHE_TTL``."""

from __future__ import annotations

from uuid import uuid4

from django.core.cache import cache

CACHE_TTL = 300
_KEY = "catalog:version"


def catalog_version() -> str:
    return cache.get_or_set(_KEY, lambda: uuid4().hex[:12], None)


def catalog_changed() -> None:
    cache.set(_KEY, uuid4().hex[:12], None)
