"""A version of every company's prices for cache keys: the pricing services call
``pricing_changed()`` after each committed change (terms, discounts, promotions, mark-ups, fixed
prices); a catalog import changes ``portal.catalog.version`` instead."""

from __future__ import annotations

from uuid import uuid4

from django.core.cache import cache

_KEY = "pricing:version"


def pricing_version() -> str:
    return cache.get_or_set(_KEY, lambda: uuid4().hex[:12], None)


def pricing_changed() -> None:
    cache.set(_KEY, uuid4().hex[:12], None)
