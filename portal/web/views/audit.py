"""The audit log an admin may read; pages by "next" links, never an exact COUNT."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from portal.audit.models import AuditEvent
from portal.organisations import policies

from ..access import actor_required, require
from ..forms_people import AuditFilterForm
from ..htmx import template_for

PAGE_SIZE = 50


@actor_required
def audit_list(request):
    actor = request.actor
    require(policies.can_view_audit(actor), _("Журнал действий доступен администраторам."))
    form = AuditFilterForm(request.GET, actor=actor)
    events = form.filter(
        AuditEvent.objects.visible_to(actor).select_related("organisation", "actor_organisation")
    )
    page_number = _page_number(request.GET.get("page"))
    start = (page_number - 1) * PAGE_SIZE
    rows = list(events[start : start + PAGE_SIZE + 1])  # one extra row tells "there is more"
    context = {
        "form": form,
        "events": rows[:PAGE_SIZE],
        "page_number": page_number,
        "has_next": len(rows) > PAGE_SIZE,
    }
    template = template_for(request, "audit/event_list.html", "table")
    return render(request, template, context)


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1
