"""An organisation's pricing terms kept between requests: a catalog page reads them from the
cache in one round trip instead of five queries (price type, discounts, promotions, mark-ups).

The key carries the pricing and catalog versions, the organisation and the date (promotions
run by date). Every saved or deleted term moves the pricing version twice — at once, so the
writer's own next read sees it, and after the commit, so a reader that cached the old terms
between the two is dropped too; a catalog import moves the catalog version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from portal.catalog.models import PriceType, ProductGroup
from portal.catalog.version import CACHE_TTL, catalog_version

from .models import (
    DealerGroupDiscount,
    DealerPriceAssignment,
    PricingSettings,
    Promotion,
    SubdealerMarkup,
)
from .version import pricing_changed, pricing_version

T = TypeVar("T")
TERMS = (
    DealerPriceAssignment,
    DealerGroupDiscount,
    Promotion,
    SubdealerMarkup,
    PricingSettings,
    PriceType,
    ProductGroup,  # the steps name the group of a discount or mark-up
)


def cached_terms(organisation_id: int, on: date, load: Callable[[], T]) -> T:
    key = f"pricing:terms:{pricing_version()}:{catalog_version()}:{organisation_id}:{on}"
    terms = cache.get(key)
    if terms is None:
        terms = load()
        cache.set(key, terms, CACHE_TTL)
    return terms


def terms_changed(**kwargs) -> None:
    pricing_changed()
    transaction.on_commit(pricing_changed)


def connect() -> None:
    for model in TERMS:
        post_save.connect(terms_changed, sender=model, dispatch_uid=f"terms-save-{model.__name__}")
        post_delete.connect(
            terms_changed, sender=model, dispatch_uid=f"terms-delete-{model.__name__}"
        )
    for relation in (Promotion.dealers, Promotion.groups, Promotion.offers):
        m2m_changed.connect(
            terms_changed, sender=relation.through, dispatch_uid=f"terms-{relation.field.name}"
        )
