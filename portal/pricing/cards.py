"""Products with the caller's prices, ready for a list or a card (web and API alike)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from portal.catalog.models import Offer, Product
from portal.catalog.selectors import is_new, product_list

from .resolver import PriceBook, PriceResult

if TYPE_CHECKING:
    from portal.organisations.actor import Actor
    from portal.organisations.models import Organisation


@dataclass
class OfferPrice:
    offer: Offer
    price: PriceResult


@dataclass
class ProductCard:
    product: Product
    offers: list[OfferPrice]
    price: PriceResult | None  # the lowest available price among the offers
    several_prices: bool
    is_new: bool
    is_promo: bool
    orderable: bool


def product_cards(book: PriceBook, products: list[Product]) -> list[ProductCard]:
    """``products`` must come with their ``visible_offers`` (a list of the caller's offers)
    and their group selected (``product_list`` does both)."""
    offers = []
    facts = {}
    for product in products:
        fact = (
            product.group_id,
            product.group.path if product.group_id else None,
            product.vat_rate,
        )
        for offer in product.visible_offers:
            offers.append(offer)
            facts[offer.pk] = fact
    prices = book.prices(offers, facts=facts)
    return [_card(product, prices) for product in products]


def _card(product: Product, prices: dict[int, PriceResult]) -> ProductCard:
    offers = [OfferPrice(offer, prices[offer.pk]) for offer in product.visible_offers]
    available = [item.price for item in offers if item.price.available]
    lowest = min(available, key=lambda price: price.amount) if available else None
    return ProductCard(
        product=product,
        offers=offers,
        price=lowest,
        several_prices=len({price.amount for price in available}) > 1,
        is_new=is_new(product),
        is_promo=any(price.promoted for price in available),
        orderable=product.is_active and bool(available),
    )


def card_for(
    viewer: Actor, product: Product, *, organisation: Organisation, on: date | None = None
) -> ProductCard:
    """``product`` as ``organisation`` buys it on ``on`` (today by default), seen by ``viewer``:
    the viewer's offers of it, priced by the organisation's book. The steps come with the
    prices where the viewer may see them (``visibility.may_see_breakdown``); a price the viewer
    may not see at all raises ``PermissionDenied``."""
    book = PriceBook(organisation=organisation, on=on, viewer=viewer)
    products, _ = product_list(viewer, price_type=None, product_ids=[product.pk], page_size=1)
    return product_cards(book, products)[0]
