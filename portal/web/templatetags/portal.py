"""Small formatting helpers of the interface templates."""

from django import template

from portal.audit.actions import label
from portal.organisations.roles import role_label

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return label(action)


@register.filter
def role_name(user) -> str:
    """«Администратор дилера» for a user (or an invitation) with its organisation loaded."""
    return role_label(user.organisation.kind, user.role)


@register.filter
def change_lines(changes) -> list[str]:
    """An audit row's ``{field: [old, new]}`` (or ``{field: value}``) as short readable lines."""
    if not isinstance(changes, dict):
        return []
    lines = []
    for field, value in changes.items():
        if isinstance(value, list) and len(value) == 2:
            old, new = (_shown(v) for v in value)
            lines.append(f"{field}: {old} → {new}")
        else:
            lines.append(f"{field}: {_shown(value)}")
    return lines


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


@register.simple_tag(takes_context=True)
def with_page(context, page: int) -> str:
    """The current query string with ``page`` replaced: filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = page
    return "?" + query.urlencode()
