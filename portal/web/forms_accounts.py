"""Forms of signing in, password reset, invitations and the profile."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.accounts.backends import company_closed_for
from portal.audit.services import audit_record
from portal.core.http import client_ip
from portal.core.mail import queue_mail

from .forms import PortalForm


class LoginForm(AuthenticationForm):
    """E-mail and password; the field keeps the name ``username`` that django-axes reads."""

    error_messages = {
        "invalid_login": _("Неверный e-mail или пароль. Проверьте раскладку и Caps Lock."),
        "inactive": _("Учётная запись заблокирована. Обратитесь к администратору вашей компании."),
        "closed": _("Доступ вашей организации закрыт. Обратитесь к своему менеджеру на заводе."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="E-mail",
            max_length=254,
            widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
        )
        self.fields["password"].label = _("Пароль")

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            # The backend refuses a blocked company's people like a wrong password; when the
            # password was right, say why (not while django-axes keeps the address locked out).
            locked_out = getattr(self.request, "axes_locked_out", False)
            data = self.cleaned_data
            if not locked_out and company_closed_for(data.get("username"), data.get("password")):
                raise forms.ValidationError(self.error_messages["closed"], code="closed") from error
            raise


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset flow, but the letter is rendered by our templates and sent by a job."""

    email = forms.EmailField(
        label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def save(self, *args, request=None, **kwargs):
        self._ip = client_ip(request)
        return super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        user = context["user"]
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        # The link is built from SITE_URL, never from the Host header of the request.
        queue_mail(
            to=to_email,
            template="emails/password_reset",
            context={"user": user, "link": f"{settings.SITE_URL}{path}"},
        )
        audit_record(
            action="password_reset_requested",
            user=user,
            organisation=user.organisation,
            ip=getattr(self, "_ip", None),
        )


class InvitationAcceptForm(PortalForm):
    full_name = forms.CharField(
        label=_("Имя и фамилия"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Не короче 8 символов, не только цифры и не слишком простой."),
    )
    password2 = forms.CharField(
        label=_("Пароль ещё раз"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_aliases = {"password": "password1", "email": None}

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") != data["password1"]:
            self.add_error("password2", "Пароли не совпадают.")
        return data


class ProfileForm(PortalForm):
    full_name = forms.CharField(label=_("Имя и фамилия"), max_length=150)
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    position = forms.CharField(label=_("Должность"), max_length=120, required=False)
    language = forms.ChoiceField(label=_("Язык интерфейса"), choices=settings.LANGUAGES)
