"""Dealers and sub-dealers: lists, the company card, editing, blocking, legal entities, invitations."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import services as accounts_services
from portal.accounts.models import Invitation, User
from portal.organisations import policies, services
from portal.organisations.models import LegalEntity, OrganisationKind
from portal.organisations.selectors import (
    legal_entity_get_for,
    organisation_get_for,
    organisation_list,
)

from ..access import actor_required, refusal_as_message, require
from ..forms_organisations import (
    InviteForm,
    LegalEntityForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from ..htmx import template_for

CHILD_KIND = {
    OrganisationKind.FACTORY: OrganisationKind.DEALER,
    OrganisationKind.DEALER: OrganisationKind.SUBDEALER,
}
PAGE_SIZE = 50


@actor_required
def organisation_list_view(request):
    actor = request.actor
    kind = CHILD_KIND.get(actor.kind)
    require(kind is not None, _("У субдилера нет нижестоящих организаций."))
    form = OrganisationFilterForm(request.GET, actor=actor)
    search = form.data.get("q", "").strip()
    organisations = form.filter(organisation_list(actor, kind=kind, search=search))
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "kind": kind,
        "can_create": policies.can_create_organisation(actor, kind=kind, parent=actor.organisation),
    }
    template = template_for(request, "organisations/organisation_list.html", "table")
    return render(request, template, context)


@actor_required
def organisation_detail(request, pk):
    actor = request.actor
    organisation = organisation_get_for(actor, pk)
    manages = policies.manages(actor, organisation)
    child_kind = CHILD_KIND.get(organisation.kind)
    context = {
        "organisation": organisation,
        "legal_entities": organisation.legal_entities.all(),
        "users": User.objects.visible_to(actor).filter(organisation=organisation),
        "invitations": Invitation.objects.visible_to(actor)
        .pending()
        .filter(organisation=organisation)
        .select_related("organisation"),
        "children": organisation_list(actor, parent_id=pk) if child_kind else [],
        "child_kind": child_kind,
        "can_edit": policies.can_update_organisation(actor, organisation),
        "can_block": policies.can_block_organisation(actor, organisation),
        "can_invite": policies.can_manage_users(actor, organisation),
        "can_edit_legal": policies.can_edit_legal_entities(actor, organisation),
        "can_create_child": child_kind is not None
        and policies.can_create_organisation(actor, kind=child_kind, parent=organisation),
        "can_audit": manages and policies.can_view_audit(actor),
    }
    return render(request, "organisations/organisation_detail.html", context)


@actor_required
def organisation_create(request, pk=None):
    """A dealer under the factory, or a sub-dealer under a dealer (``pk`` is the parent)."""
    actor = request.actor
    parent = organisation_get_for(actor, pk or actor.organisation_id)
    kind = CHILD_KIND.get(parent.kind)
    require(
        kind is not None and policies.can_create_organisation(actor, kind=kind, parent=parent),
        _("Создавать организации здесь может только администратор."),
    )
    form = OrganisationForm(request.POST or None, actor=actor, kind=kind)
    if form.is_valid() and (
        organisation := form.attempt(
            services.organisation_create,
            actor=actor,
            kind=kind,
            parent_id=parent.pk,
            **form.service_data(),
        )
    ):
        messages.success(request, _("Организация «%s» создана.") % organisation.name)
        return redirect("organisations:detail", organisation.pk)
    context = {"form": form, "parent": parent, "kind": kind}
    return render(request, "organisations/organisation_form.html", context)


@actor_required
def organisation_edit(request, pk):
    actor = request.actor
    organisation = organisation_get_for(actor, pk)
    require(
        policies.can_update_organisation(actor, organisation),
        _("Изменять данные организации может её администратор."),
    )
    initial = {
        "name": organisation.name,
        "region": organisation.region,
        "email": organisation.email,
        "phone": organisation.phone,
        "manager": organisation.manager_id,
    }
    form = OrganisationForm(
        request.POST or None, initial=initial, actor=actor, kind=organisation.kind
    )
    if form.is_valid() and form.attempt(
        services.organisation_update, actor=actor, organisation_id=pk, **form.service_data()
    ):
        messages.success(request, _("Изменения сохранены."))
        return redirect("organisations:detail", pk)
    context = {"form": form, "organisation": organisation, "kind": organisation.kind}
    return render(request, "organisations/organisation_form.html", context)


@actor_required
@require_POST
def organisation_block(request, pk, blocked: bool):
    organisation = services.organisation_set_blocked(
        actor=request.actor, organisation_id=pk, blocked=blocked
    )
    if blocked:
        note = _("«%s» заблокирована: её пользователи больше не могут работать в портале.")
    else:
        note = _("«%s» разблокирована.")
    messages.success(request, note % organisation.name)
    return redirect("organisations:detail", pk)


@actor_required
def legal_entity_create(request, pk):
    actor = request.actor
    organisation = organisation_get_for(actor, pk)
    require(
        policies.can_edit_legal_entities(actor, organisation),
        _("Юрлица организации ведут её администратор и бухгалтер."),
    )
    form = LegalEntityForm(request.POST or None, instance=LegalEntity(organisation=organisation))
    if form.is_valid() and form.attempt(
        services.legal_entity_create, actor=actor, organisation_id=pk, **form.cleaned_data
    ):
        messages.success(request, _("Юрлицо добавлено."))
        return redirect("organisations:detail", pk)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/legal_entity_form.html", context)


@actor_required
def legal_entity_edit(request, pk):
    actor = request.actor
    entity = legal_entity_get_for(actor, pk)
    require(
        policies.can_edit_legal_entities(actor, entity.organisation),
        _("Юрлица организации ведут её администратор и бухгалтер."),
    )
    organisation = entity.organisation
    form = LegalEntityForm(request.POST or None, instance=entity)
    if form.is_valid() and form.attempt(
        services.legal_entity_update, actor=actor, legal_entity_id=pk, **form.cleaned_data
    ):
        messages.success(request, _("Юрлицо сохранено."))
        return redirect("organisations:detail", organisation.pk)
    context = {"form": form, "organisation": organisation, "entity": entity}
    return render(request, "organisations/legal_entity_form.html", context)


@actor_required
def invite(request, pk):
    actor = request.actor
    organisation = organisation_get_for(actor, pk)
    require(
        policies.can_manage_users(actor, organisation),
        _("Приглашать в эту организацию может только её администратор."),
    )
    form = InviteForm(request.POST or None, actor=actor, organisation=organisation)
    if form.is_valid() and form.attempt(
        accounts_services.invitation_send, actor=actor, organisation_id=pk, **form.cleaned_data
    ):
        messages.success(request, _("Приглашение отправлено на %s.") % form.cleaned_data["email"])
        return redirect("organisations:detail", pk)
    context = {"form": form, "organisation": organisation, "ttl_days": settings.INVITATION_TTL_DAYS}
    return render(request, "organisations/invite_form.html", context)


@actor_required
@require_POST
def invitation_revoke(request, pk):
    invitation = accounts_services.invitation_get_for(request.actor, pk)
    with refusal_as_message(request):
        accounts_services.invitation_revoke(actor=request.actor, invitation_id=pk)
        messages.success(request, _("Приглашение для %s отозвано.") % invitation.email)
    return redirect("organisations:detail", invitation.organisation_id)
