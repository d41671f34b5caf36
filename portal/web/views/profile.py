"""The person's own profile, language and password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from portal.accounts import services
from portal.audit.services import audit_record
from portal.core.http import client_ip

from ..access import actor_required
from ..forms_accounts import ProfileForm
from ..language import set_language_cookie


@actor_required
def profile_edit(request):
    actor = request.actor
    user = actor.user
    initial = {name: getattr(user, name) for name in ("full_name", "phone", "position", "language")}
    form = ProfileForm(request.POST or None, initial=initial)
    if form.is_valid() and (
        user := form.attempt(services.user_update_profile, actor=actor, **form.cleaned_data)
    ):
        messages.success(request, _("Профиль сохранён."))
        return set_language_cookie(redirect("profile:edit"), user.language)
    return render(request, "profile/profile_form.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "profile/password_change.html"
    success_url = reverse_lazy("profile:edit")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = self.request.user
        audit_record(
            action="password_changed",
            user=user,
            organisation=user.organisation,
            ip=client_ip(self.request),
        )
        messages.success(self.request, _("Пароль изменён."))
        return response
