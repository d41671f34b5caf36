"""Filters of the user list and of the audit log (GET forms, also driven by htmx)."""

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.audit.actions import LABELS
from portal.organisations.actor import Actor
from portal.organisations.models import Organisation
from portal.organisations.roles import Role


def organisations_for_filter(actor: Actor):
    """Companies whose people or events the actor may list."""
    qs = (
        Organisation.objects.visible_to(actor)
        if actor.is_factory
        else Organisation.objects.managed_by(actor)
    )
    return qs.order_by("kind", "name")


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Имя или e-mail")}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Компания"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Все"),
    )
    role = forms.ChoiceField(
        label=_("Роль"),
        required=False,
        choices=[("", _("Все")), *((value, _(name)) for value, name in Role.choices)],
    )
    active = forms.ChoiceField(
        label=_("Доступ"),
        required=False,
        choices=[("", _("Все")), ("1", _("Активные")), ("0", _("Заблокированные"))],
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for_filter(actor)

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(full_name__icontains=data["q"]) | Q(email__icontains=data["q"]))
        if data["organisation"]:
            qs = qs.filter(organisation=data["organisation"])
        if data["role"]:
            qs = qs.filter(role=data["role"])
        if data["active"]:
            qs = qs.filter(is_active=data["active"] == "1")
        return qs


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "С"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "По"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Компания"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Все"),
    )
    action = forms.ChoiceField(
        label=_("Действие"),
        required=False,
        choices=[("", _("Все")), *sorted(LABELS.items(), key=lambda item: item[1])],
    )
    email = forms.CharField(
        label=_("E-mail пользователя"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "name@company.ru"}),
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for_filter(actor)
        self.fields["date_from"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        self.fields["date_to"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["date_from"]:
            qs = qs.filter(at__gte=_day_start(data["date_from"]))
        if data["date_to"]:
            qs = qs.filter(at__lt=_day_start(data["date_to"] + timedelta(days=1)))
        if data["organisation"]:
            qs = qs.filter(organisation=data["organisation"])
        if data["action"]:
            qs = qs.filter(action=data["action"])
        if data["email"]:
            qs = qs.filter(actor_email__icontains=data["email"].strip())
        return qs


def _day_start(day):
    """Midnight in the portal's time zone: a range on ``at`` keeps its index usable."""
    return timezone.make_aware(datetime.combine(day, time.min))
