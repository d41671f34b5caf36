"""People the actor may see: a filterable list, role changes and blocking."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.accounts import services
from portal.accounts.models import User
from portal.organisations import policies

from ..access import actor_required, refusal_as_message, require
from ..forms_organisations import role_choices
from ..forms_people import UserFilterForm
from ..htmx import template_for

PAGE_SIZE = 50


@actor_required
def user_list(request):
    actor = request.actor
    require(actor.is_admin, _("Список пользователей доступен администраторам."))
    form = UserFilterForm(request.GET, actor=actor)
    users = form.filter(
        User.objects.visible_to(actor)
        .select_related("organisation")
        .order_by("organisation__name", "full_name")
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        user.manageable = user.pk != actor.user_id and policies.can_manage_users(
            actor, user.organisation
        )
        user.role_choices = role_choices(actor, user.organisation) if user.manageable else []
    template = template_for(request, "users/user_list.html", "table")
    return render(request, template, {"form": form, "page": page})


@actor_required
@require_POST
def user_role(request, pk):
    with refusal_as_message(request):
        user = services.user_change_role(
            actor=request.actor, user_id=pk, role=request.POST.get("role", "")
        )
        messages.success(request, _("Роль пользователя %s изменена.") % user.full_name)
    return _back(request)


@actor_required
@require_POST
def user_block(request, pk, active: bool):
    with refusal_as_message(request):
        user = services.user_set_active(actor=request.actor, user_id=pk, active=active)
        note = _("%s снова может войти.") if active else _("%s заблокирован(а): вход закрыт.")
        messages.success(request, note % user.full_name)
    return _back(request)


def _back(request):
    """Back to the list the form was on, with its filters."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    return redirect(target or "users:list")
