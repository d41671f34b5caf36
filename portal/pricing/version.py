"""A version of every company's prices for cache keys (the cached pricing terms, the price list
files). Every saved or deleted row that prices are made of moves it twice — at once, so the
writer's own next read sees the change, and after the commit, so a reader that cached the old
prices between the two is dropped too. A catalog import changes ``portal.catalog.version``
instead."""

from __future__ import annotations

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

_KEY = "pricing:version"


def pricing_version() -> str:
    return cache.get_or_set(_KEY, lambda: uuid4().hex[:12], None)


def pricing_changed() -> None:
    cache.set(_KEY, uuid4().hex[:12], None)


def price_rows_changed(**kwargs) -> None:
    pricing_changed()
    transaction.on_commit(pricing_changed)


def connect() -> None:
    """Wire ``price_rows_changed`` to every model prices are made of (from ``AppConfig.ready``)."""
    from portal.catalog.models import PriceType, ProductGroup

    from .models import (
        DealerGroupDiscount,
        DealerPriceAssignment,
        PricingSettings,
        Promotion,
        SubdealerFixedPrice,
        SubdealerMarkup,
    )

    sources = (
        PricingSettings,
        PriceType,
        DealerPriceAssignment,
        DealerGroupDiscount,
        Promotion,
        SubdealerMarkup,
        SubdealerFixedPrice,
        ProductGroup,  # the steps name the group of a discount or mark-up
    )
    for model in sources:
        name = model.__name__
        post_save.connect(price_rows_changed, sender=model, dispatch_uid=f"prices-save-{name}")
        post_delete.connect(price_rows_changed, sender=model, dispatch_uid=f"prices-delete-{name}")
    for relation in (Promotion.dealers, Promotion.groups, Promotion.offers):
        m2m_changed.connect(
            price_rows_changed,
            sender=relation.through,
            dispatch_uid=f"prices-{relation.field.name}",
        )
