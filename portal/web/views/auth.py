"""Signing in and out, password reset and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts import services
from portal.audit.services import audit_record
from portal.core.errors import DomainError
from portal.core.http import client_ip

from ..forms_accounts import InvitationAcceptForm, LoginForm, PasswordResetRequestForm
from ..language import set_language_cookie


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # The user's saved language wins over whatever the browser had before.
        return set_language_cookie(super().form_valid(form), form.get_user().language)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            action="password_reset_done",
            user=form.user,
            organisation=form.user.organisation,
            ip=client_ip(self.request),
        )
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = services.invitation_find(token)
    except DomainError as error:
        return render(request, "accounts/invitation_invalid.html", {"reason": error}, status=410)
    form = InvitationAcceptForm(request.POST or None, initial={"full_name": invitation.full_name})
    if form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                ip=client_ip(request),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            login(request, user, backend="portal.accounts.backends.EmailBackend")
            messages.success(request, _("Добро пожаловать, %s!") % user.get_short_name())
            return set_language_cookie(redirect("web:home"), user.language)
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/invitation_accept.html", context)
