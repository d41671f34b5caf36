"""The «В корзину» form of one catalog offer: the catalog cards and the product page use it.

Its fixed parts (URL, CSRF token, return path, labels) are worked out once per request, so a page
of cards pays one string ``replace`` per offer.
"""

from django.middleware.csrf import get_token
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.web.fixed_urls import fixed_url


class AddToCartForm:
    """Show it only to people who order and only where the offer may be sold (not withdrawn,
    priced): the cart service refuses the rest anyway."""

    def __init__(self, request):
        action = fixed_url("cart:add")
        self.head = format_html(
            '<form class="cart-add" method="post" action="{}" hx-post="{}" '
            'hx-target="find .cart-add__status" hx-swap="innerHTML">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="next" value="{}">',
            action,
            action,
            get_token(request),
            request.get_full_path(),
        )
        quantity, button = escape(gettext("Количество")), escape(gettext("В корзину"))
        # Everything after the offer's id, escaped once: ``html`` only puts the id in.
        self.tail = (
            '<input type="hidden" name="offer" value="{id}">'
            '<label class="visually-hidden" for="add-offer-{id}">' + quantity + "</label>"
            '<input id="add-offer-{id}" type="text" inputmode="decimal" name="quantity" value="1" '
            'size="5"><button type="submit" class="button button--small button--primary">'
            + button
            + '</button><span class="cart-add__status" aria-live="polite"></span></form>'
        )

    def html(self, offer_id: int) -> SafeString:
        return mark_safe(self.head + self.tail.replace("{id}", str(int(offer_id))))  # noqa: S308
