"""Whether to show «В корзину»: only to the people who have a cart (they order)."""

from django import template

from portal.orders.policies import can_create_order

register = template.Library()


@register.filter
def may_order(actor) -> bool:
    return actor is not None and can_create_order(actor)
