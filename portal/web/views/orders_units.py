"""A unit's own page (its history) and its printable label with a QR code that opens the page.

A unit is shown under the order the person sees: the dealer's order when the person sees it,
else the sub-dealer's own order it came from — so a sub-dealer's unit page is built from its
own line only and never from the factory's line with the factory's price.
"""

from __future__ import annotations

import segno
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from portal.orders.selectors import unit_display_line, unit_get_for

from ..access import actor_required


@actor_required
def unit_detail(request, pk):
    unit, order = unit_get_for(request.actor, pk)
    context = {
        "unit": unit,
        "order": order,
        "line": unit_display_line(unit, order),
        "events": unit.events.select_related("user").order_by("at", "id"),
    }
    return render(request, "orders/unit_detail.html", context)


@actor_required
def unit_label(request, pk):
    unit, order = unit_get_for(request.actor, pk)
    link = request.build_absolute_uri(reverse("orders:unit", args=[unit.pk]))
    qr = segno.make(link, error="m")
    context = {
        "unit": unit,
        "order": order,
        "line": unit_display_line(unit, order),
        "link": link,
        # segno writes the SVG itself from the link: nothing typed by a person goes in raw.
        "qr_svg": mark_safe(qr.svg_inline(scale=4, omitsize=True, dark="#000", light="#fff")),  # noqa: S308
    }
    return render(request, "orders/unit_label.html", context)
