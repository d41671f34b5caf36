"""Formatting of the order pages: status badges, waiting times, the timeline's line changes."""

from __future__ import annotations

from datetime import timedelta

from django import template
from django.utils import timezone

from portal.orders.workflow import OrderStatus, UnitStatus

register = template.Library()

FIELD_LABELS = {
    "quantity": "количество",
    "unit_price": "цена",
    "discount_percent": "скидка, %",
    "line_total": "сумма",
}
HEADER_LABELS = {
    "kind": "тип",
    "legal_entity_id": "юрлицо",
    "for_subdealer_id": "для субдилера",
    "desired_delivery_date": "желаемая дата поставки",
    "planned_delivery_date": "плановая дата поставки",
    "colour": "цвет",
    "buyer_notes": "примечание покупателя",
    "manager_notes": "примечания менеджера",
    "factory_number": "номер в 1С",
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
        return f"{days} дн {hours} ч"
    if hours:
        return f"{hours} ч {minutes} мин"
    if minutes:
        return f"{minutes} мин"
    return "меньше минуты"


@register.filter
def line_changes(diff) -> list[str]:
    """An edit event's diff (``orders.lines.diff_lines``) as one readable line per change:
    «Строка 2 «Окно»: количество 5 → 4, цена 5000 → 4500»."""
    if not isinstance(diff, dict):
        return []
    rows = []
    for line in diff.get("added", []):
        rows.append(
            f"Добавлена строка {line.get('position')} «{line.get('name')}»: "
            f"количество {line.get('quantity')}, цена {line.get('unit_price')}"
        )
    for line in diff.get("removed", []):
        rows.append(f"Удалена строка {line.get('position')} «{line.get('name')}»")
    for line in diff.get("changed", []):
        what = ", ".join(
            f"{label} {line[key][0]} → {line[key][1]}"
            for key, label in FIELD_LABELS.items()
            if key in line
        )
        rows.append(f"Строка {line.get('position')} «{line.get('name')}»: {what}")
    for field, value in (diff.get("fields") or {}).items():
        old, new = (_shown(item) for item in value)
        rows.append(f"{HEADER_LABELS.get(field, field).capitalize()}: {old} → {new}")
    return rows


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


@register.filter
def qty(value) -> str:
    """A quantity without trailing zeros and in Russian: «5», «2,5»."""
    if value is None:
        return ""
    return format(value.normalize(), "f").replace(".", ",")
