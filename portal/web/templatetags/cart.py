"""«В корзину» in templates: whether to show it (only people who order have a cart) and the form."""

from django import template
from django.utils.safestring import mark_safe

from portal.orders.policies import can_create_order
from portal.web.add_to_cart import AddToCartForm

register = template.Library()


@register.filter
def may_order(actor) -> bool:
    return actor is not None and can_create_order(actor)


@register.simple_tag(takes_context=True)
def add_to_cart(context, offer) -> str:
    """The form of ``portal.web.add_to_cart`` for one offer, or nothing for people who don't
    order."""
    request = context["request"]
    if not may_order(getattr(request, "actor", None)):
        return ""
    return mark_safe(AddToCartForm(request).html(offer.pk))  # noqa: S308 — escaped by format_html
