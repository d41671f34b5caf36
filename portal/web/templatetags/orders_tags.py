"""Formatting of the order pages: status badges, waiting times, the timeline's line changes."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.money import to_decimal
from portal.orders.workflow import OrderStatus, UnitStatus
from portal.pricing.formatting import format_money, format_number

register = template.Library()

FIELD_LABELS = {
    "quantity": _("количество"),
    "unit_price": _("цена"),
    "discount_percent": _("скидка, %"),
    "line_total": _("сумма"),
}
HEADER_LABELS = {
    "kind": _("тип"),
    "legal_entity_id": _("юрлицо"),
    "for_subdealer_id": _("для субдилера"),
    "desired_delivery_date": _("желаемая дата поставки"),
    "planned_delivery_date": _("плановая дата поставки"),
    "colour": _("цвет"),
    "buyer_notes": _("примечание покупателя"),
    "manager_notes": _("примечания менеджера"),
    "factory_number": _("номер в 1С"),
}


@register.filter
def order_status_label(status: str) -> str:
    return OrderStatus(status).label if status in OrderStatus.values else status


@register.filter
def unit_status_label(status: str) -> str:
    return UnitStatus(status).label if status in UnitStatus.values else status


@register.filter
def waited(since) -> str:
    """«2 ч 15 мин», «3 дн 4 ч», «меньше минуты» since ``since`` until now."""
    if since is None:
        return "—"
    return duration_text(timezone.now() - since)


def duration_text(delta: timedelta) -> str:
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return gettext("%(days)s дн %(hours)s ч") % {"days": days, "hours": hours}
    if hours:
        return gettext("%(hours)s ч %(minutes)s мин") % {"hours": hours, "minutes": minutes}
    if minutes:
        return gettext("%(minutes)s мин") % {"minutes": minutes}
    return gettext("меньше минуты")


@register.filter
def line_changes(diff) -> list[str]:
    """An edit event's diff (``orders.lines.diff_lines``) as one readable line per change:
    «Строка 2 «Окно»: количество 5 → 4, цена 5000 → 4500»."""
    if not isinstance(diff, dict):
        return []
    rows = []
    for line in diff.get("added", []):
        rows.append(
            gettext(
                "Добавлена строка %(position)s «%(name)s»: количество %(quantity)s, цена %(price)s"
            )
            % {
                "position": line.get("position"),
                "name": line.get("name"),
                "quantity": _figure("quantity", line.get("quantity")),
                "price": _figure("unit_price", line.get("unit_price")),
            }
        )
    for line in diff.get("removed", []):
        rows.append(
            gettext("Удалена строка %(position)s «%(name)s»")
            % {"position": line.get("position"), "name": line.get("name")}
        )
    for line in diff.get("changed", []):
        what = ", ".join(
            f"{label} {_figure(key, line[key][0])} → {_figure(key, line[key][1])}"
            for key, label in FIELD_LABELS.items()
            if key in line
        )
        rows.append(
            gettext("Строка %(position)s «%(name)s»: %(changes)s")
            % {"position": line.get("position"), "name": line.get("name"), "changes": what}
        )
    for field, value in (diff.get("fields") or {}).items():
        old, new = (_shown(item) for item in value)
        rows.append(f"{str(HEADER_LABELS.get(field, field)).capitalize()}: {old} → {new}")
    return rows


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


MONEY_FIELDS = frozenset({"unit_price", "line_total"})


def _figure(field: str, value) -> str:
    """A stored figure of a line («7539.5») as the page writes it: «7 539,50», «2,5»."""
    try:
        number = to_decimal(value)
    except (TypeError, ValueError):
        return _shown(value)
    return format_money(number) if field in MONEY_FIELDS else format_number(number)


@register.filter
def qty(value) -> str:
    """A quantity without trailing zeros in the reader's language: «5», «2,5» / «2.5»."""
    return "" if value is None else format_number(value)
