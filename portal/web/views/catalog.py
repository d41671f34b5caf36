"""Catalog browsing: the group tree, search, filters, the product card. Prices are the
caller's own, from the resolver; the «why this price» steps only where the viewer may see them."""

from django.shortcuts import render

from portal.catalog.facets import group_facets
from portal.catalog.groups import group_get_for, group_tree
from portal.catalog.selectors import (
    is_new,
    product_get_for,
    product_list,
    product_properties,
    product_stock,
)
from portal.pricing.cards import product_cards
from portal.pricing.resolver import PriceBook
from portal.pricing.visibility import may_explain_prices

from ..access import actor_required
from ..forms_catalog import CatalogFilterForm
from ..product_grid import cards_html


@actor_required
def product_list_view(request):
    actor = request.actor
    form = CatalogFilterForm(request.GET)
    values = form.values()
    tree = group_tree(knowing=values["group"])
    group = group_get_for(actor, values["group"], tree) if values["group"] else None
    book = PriceBook(organisation=actor.organisation, viewer=actor)
    products, has_next = product_list(
        actor,
        price_type=book.price_type,
        group=group,
        search=values["q"],
        filters=values["filters"],
        in_stock=values["in_stock"],
        sort=values["sort"],
        page=values["page"],
        page_size=values["size"],
    )
    cards = product_cards(book, products)
    context = {
        "form": form,
        "group": group,
        "cards": cards,
        "cards_html": cards_html(request, cards),
        "page": values["page"],
        "has_next": has_next,
        "chosen": {item.key for item in values["filters"]},
        "sort": values["sort"],
        "in_stock": values["in_stock"],
    }
    if request.htmx:
        return render(request, "catalog/product_list.html#results", context)
    context["tree"] = tree.menu(actor, group)
    context["facets"] = group_facets(actor, group, tree) if group else []
    return render(request, "catalog/product_list.html", context)


@actor_required
def product_detail(request, pk):
    actor = request.actor
    product = product_get_for(actor, pk)
    offers = list(product.offers.visible_to(actor).order_by("pk"))
    book = PriceBook(organisation=actor.organisation, viewer=actor)
    prices = book.prices(offers)
    context = {
        "product": product,
        "offers": [(offer, prices[offer.pk]) for offer in offers],
        "images": product.images.order_by("sort", "pk"),
        "properties": product_properties(product),
        "stock": product_stock(offers),
        "explain": may_explain_prices(actor),
        "is_new": is_new(product),
        "orderable": product.is_active and any(price.available for price in prices.values()),
    }
    return render(request, "catalog/product_detail.html", context)
