"""Catalog rows for tests, written directly (the CommerceML importer has its own tests)."""

from __future__ import annotations

import itertools
from decimal import Decimal

from portal.catalog.list_prices import refresh_list_prices
from portal.catalog.models import (
    Offer,
    Price,
    PriceType,
    Product,
    ProductGroup,
    StockLevel,
    Warehouse,
)

_ids = itertools.count(1)


def group(name: str, parent: ProductGroup | None = None) -> ProductGroup:
    row = ProductGroup.objects.create(external_id=f"g-{next(_ids)}", name=name, parent=parent)
    row.path = f"{parent.path if parent else '/'}{row.pk}/"
    row.save(update_fields=["path"])
    return row


def price_type(name: str, *, vat_included: bool = True) -> PriceType:
    return PriceType.objects.create(
        external_id=f"pt-{next(_ids)}", name=name, vat_included=vat_included
    )


def product(
    name: str,
    *,
    group: ProductGroup | None = None,
    prices: dict[PriceType, str] | None = None,
    article: str = "",
    vat_rate: str | None = "20",
    is_active: bool = True,
    **fields,
) -> Offer:
    """A product sold as itself (offer id == product id); returns its offer."""
    code = f"p-{next(_ids)}"
    item = Product.objects.create(
        external_id=code,
        name=name,
        article=article or code.upper(),
        group=group,
        vat_rate=Decimal(vat_rate) if vat_rate is not None else None,
        is_active=is_active,
        **fields,
    )
    offer = Offer.objects.create(external_id=code, product=item, name=name, is_active=is_active)
    for kind, amount in (prices or {}).items():
        Price.objects.create(offer=offer, price_type=kind, amount=Decimal(amount))
    if prices:
        refresh_list_prices()
    return offer


def stock(offer: Offer, warehouse: Warehouse, quantity: str) -> StockLevel:
    return StockLevel.objects.create(offer=offer, warehouse=warehouse, quantity=Decimal(quantity))


def warehouse(name: str) -> Warehouse:
    return Warehouse.objects.create(external_id=f"w-{next(_ids)}", name=name)
