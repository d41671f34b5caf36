"""Small formatting helpers of the interface templates."""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from portal.audit.actions import label
from portal.organisations.roles import role_label
from portal.web.fixed_urls import fixed_url

register = template.Library()
ARIA_CURRENT = ' aria-current="page"'


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


@register.simple_tag
def nav_links(items, link_class: str, current) -> SafeString:
    """The ``<li>`` links of a navigation list (``base.html``): the bar shows them twice (wide
    and narrow screens), about twenty links a page, cheaper here than as template nodes."""
    cls = escape(link_class)
    return mark_safe(  # noqa: S308 — every value is escaped
        "".join(
            f'<li><a class="{cls}" href="{escape(item.url)}"'
            f"{ARIA_CURRENT if item == current else ''}>{escape(item.label)}</a></li>"
            for item in items
        )
    )


@register.simple_tag
def group_links(links, group) -> SafeString:
    """The catalog's group tree (``GroupTree.menu``) as a list of links to the group pages."""
    list_url = escape(fixed_url("catalog:list"))
    current = group.pk if group else None
    items = []
    for link in links:
        if current is not None and current == link.group.pk:
            state = ARIA_CURRENT
        elif link.is_open:
            state = ' class="catalog__group-open"'
        else:
            state = ""
        items.append(
            f'<li class="catalog__group catalog__group--d{int(link.depth or 0)}">'
            f'<a href="{list_url}?group={int(link.group.pk)}"{state}>'
            f"{escape(link.group.name)}</a></li>"
        )
    return mark_safe(f'<ul class="catalog__groups">{"".join(items)}</ul>')  # noqa: S308


register.simple_tag(fixed_url)
