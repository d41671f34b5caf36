"""The home page: real figures for the actor's role, placeholders only where features will come."""

from django.db.models import Count, Q
from django.shortcuts import render

from portal.accounts.models import User
from portal.audit.models import AuditEvent
from portal.organisations.actor import Actor
from portal.organisations.models import LegalEntity, Organisation, OrganisationKind
from portal.organisations.roles import Role
from portal.organisations.selectors import organisation_get_for, organisation_list

from ..access import actor_required

DEALER_PREVIEW = 20


@actor_required
def home(request):
    actor = request.actor
    if actor.is_factory and actor.is_admin:
        return render(request, "home/factory_admin.html", _factory_admin(actor))
    if actor.is_factory:
        return render(request, "home/factory_staff.html", _factory_staff(actor))
    if actor.is_dealer and actor.is_admin:
        return render(request, "home/dealer_admin.html", _dealer_admin(actor))
    return render(request, "home/company.html", _company(actor))


def _factory_admin(actor: Actor) -> dict:
    figures = Organisation.objects.aggregate(
        dealers=Count("pk", filter=Q(kind=OrganisationKind.DEALER)),
        subdealers=Count("pk", filter=Q(kind=OrganisationKind.SUBDEALER)),
        blocked=Count("pk", filter=Q(status="blocked")),
    )
    figures["users"] = User.objects.filter(is_active=True, organisation__isnull=False).count()
    events = AuditEvent.objects.visible_to(actor).select_related("organisation")[:10]
    return {"figures": figures, "events": events}


def _factory_staff(actor: Actor) -> dict:
    """A manager sees the dealers assigned to them; the accountant every dealer."""
    dealers = organisation_list(actor, kind=OrganisationKind.DEALER)
    return {
        "dealers": dealers[:DEALER_PREVIEW],
        "dealer_count": dealers.count(),
        "is_manager": actor.role == Role.MANAGER,
        "show_manager": actor.role != Role.MANAGER,
    }


def _dealer_admin(actor: Actor) -> dict:
    return {
        **_company(actor),
        "subdealers": organisation_list(actor, kind=OrganisationKind.SUBDEALER),
        "user_count": User.objects.visible_to(actor).filter(is_active=True).count(),
    }


def _company(actor: Actor) -> dict:
    organisation = organisation_get_for(actor, actor.organisation_id)
    return {
        "organisation": organisation,
        "legal_entities": LegalEntity.objects.filter(organisation=organisation, is_active=True),
        "colleague_count": organisation.users.filter(is_active=True).count(),
    }
