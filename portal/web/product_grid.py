"""The catalog's product cards, built in Python.

Twenty-four cards through the template engine (an ``if`` chain per badge and the «В корзину»
form included per card) were about half of a catalog page's Python time (bench/catalog_search.py);
the same HTML from f-strings with every shown value escaped (``html.escape``, what Django's
``escape`` does, without its lazy-string and ``SafeString`` wrapping per value) costs a fraction
of it. The filters, the group tree and the pager stay in the template. Prices are the caller's
own (``ProductCard.price`` comes from the resolver); nothing else of the product's prices is
read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.templatetags.static import PrefixNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from portal.orders.policies import can_create_order
from portal.pricing.cards import ProductCard
from portal.pricing.formatting import format_money
from portal.web.add_to_cart import AddToCartForm
from portal.web.fixed_urls import url_pattern, with_id

EMPTY_IMAGE = (
    '<div class="product-card__image product-card__image--empty" aria-hidden="true"></div>'
)
BADGES = [("danger", "withdrawn"), ("info", "new"), ("warn", "promo"), ("ok", "stock")]


def cards_html(request, cards: Sequence[ProductCard]) -> SafeString:
    """``<li>`` of every card: picture, badges, name, article, price and, for people who order,
    «В корзину» when the product has one offer that may be sold."""
    detail = escape(url_pattern("catalog:product"))
    media = escape(PrefixNode.handle_simple("MEDIA_URL"))
    add_form = AddToCartForm(request) if can_create_order(request.actor) else None
    labels = {
        "withdrawn": gettext("снят с продажи"),
        "new": gettext("новинка"),
        "promo": gettext("акция"),
        "stock": gettext("в наличии"),
    }
    badge = {
        key: f'<span class="badge badge--{kind}">{escape(labels[key])}</span>'
        for kind, key in BADGES
    }
    price_from = escape(pgettext("lowest of several prices", "от")) + " "
    no_price = (
        '<span class="product-card__price"><span class="muted">'
        f"{escape(gettext('цена не установлена'))}</span></span>"
    )
    html = []
    for card in cards:
        product = card.product
        shown = (
            not product.is_active,
            card.is_new,
            card.is_promo,
            product.has_stock,
        )
        badges = "".join(badge[key] for (_, key), on in zip(BADGES, shown, strict=True) if on)
        if card.price is None:
            price = no_price
        else:
            lowest = price_from if card.several_prices else ""
            price = (
                f'<span class="product-card__price">{lowest}'
                f"{escape(format_money(card.price.amount, currency=True))}</span>"
            )
        parts = [
            _image(product, media),
            f'<div class="product-card__badges">{badges}</div>',
            f'<a class="product-card__name" href="{with_id(detail, product.pk)}">'
            f"{escape(product.name)}</a>"
            f'<span class="product-card__article muted mono">{escape(product.article)}</span>',
            price,
        ]
        if add_form and card.orderable and len(card.offers) == 1:
            item = card.offers[0]
            if item.offer.is_active and item.price.available:
                parts.append(add_form.html(item.offer.pk))
        withdrawn = "" if product.is_active else " product-card--withdrawn"
        html.append(f'<li class="product-card{withdrawn}">{"".join(parts)}</li>')
    return mark_safe("\n".join(html))  # noqa: S308 — every piece above is escaped


def _image(product, media: str) -> str:
    if not product.image_path:
        return EMPTY_IMAGE
    return (
        f'<img class="product-card__image" src="{media}{escape(product.image_path)}" '
        f'alt="{escape(product.image_description or product.name)}" loading="lazy">'
    )
