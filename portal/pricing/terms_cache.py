"""An organisation's pricing terms kept between requests: a catalog page reads them from the
cache in one round trip instead of five queries (price type, discounts, promotions, mark-ups).

The key carries the pricing and catalog versions, the organisation and the date (promotions
run by date): every saved or deleted term moves the pricing version (``version.py``), a catalog
import the catalog version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache

from portal.catalog.version import CACHE_TTL, catalog_version

from .version import pricing_version

T = TypeVar("T")


def cached_terms(organisation_id: int, on: date, load: Callable[[], T]) -> T:
    key = f"pricing:terms:{pricing_version()}:{catalog_version()}:{organisation_id}:{on}"
    terms = cache.get(key)
    if terms is None:
        terms = load()
        cache.set(key, terms, CACHE_TTL)
    return terms
