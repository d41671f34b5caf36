"""The catalog's product cards, built in Python.

Twenty-four cards through the template engine (an ``if`` chain per badge and the «В корзину»
form included per card) were about half of a catalog page's Python time (bench/catalog_search.py);
the same HTML from a few ``format_html`` calls costs a fraction of it. The filters, the group tree
and the pager stay in the template. Prices are the caller's own (``ProductCard.price`` comes from
the resolver); nothing else of the product's prices is read here.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.templatetags.static import PrefixNode
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from portal.orders.policies import can_create_order
from portal.pricing.cards import ProductCard
from portal.pricing.formatting import format_money
from portal.web.add_to_cart import AddToCartForm

ID = "2147483647"  # stands for the product id in the reversed URL pattern
EMPTY_IMAGE = (
    '<div class="product-card__image product-card__image--empty" aria-hidden="true"></div>'
)


def cards_html(request, cards: Sequence[ProductCard]) -> SafeString:
    """``<li>`` of every card: picture, badges, name, article, price and, for people who order,
    «В корзину» when the product has one offer that may be sold."""
    detail = reverse("catalog:product", args=[int(ID)])
    media = PrefixNode.handle_simple("MEDIA_URL")
    add_form = AddToCartForm(request) if can_create_order(request.actor) else None
    labels = {
        "withdrawn": gettext("снят с продажи"),
        "new": gettext("новинка"),
        "promo": gettext("акция"),
        "stock": gettext("в наличии"),
        "from": pgettext("lowest of several prices", "от"),
        "no_price": gettext("цена не установлена"),
    }
    html = []
    for card in cards:
        product = card.product
        parts = [
            _image(product, media),
            _badges(card, labels),
            format_html(
                '<a class="product-card__name" href="{}">{}</a>'
                '<span class="product-card__article muted mono">{}</span>',
                detail.replace(ID, str(product.pk)),
                product.name,
                product.article,
            ),
            _price(card, labels),
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
    return format_html(
        '<img class="product-card__image" src="{}{}" alt="{}" loading="lazy">',
        media,
        product.image_path,
        product.image_description or product.name,
    )


def _badges(card: ProductCard, labels: dict[str, str]) -> str:
    shown = [
        ("danger", labels["withdrawn"], not card.product.is_active),
        ("info", labels["new"], card.is_new),
        ("warn", labels["promo"], card.is_promo),
        ("ok", labels["stock"], card.product.has_stock),
    ]
    badges = "".join(
        format_html('<span class="badge badge--{}">{}</span>', kind, text)
        for kind, text, on in shown
        if on
    )
    return f'<div class="product-card__badges">{badges}</div>'


def _price(card: ProductCard, labels: dict[str, str]) -> str:
    if card.price is None:
        return format_html(
            '<span class="product-card__price"><span class="muted">{}</span></span>',
            labels["no_price"],
        )
    return format_html(
        '<span class="product-card__price">{}{} ₽</span>',
        f"{labels['from']} " if card.several_prices else "",
        format_money(card.price.amount),
    )
