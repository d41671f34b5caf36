"""Forms of organisations, legal entities and invitations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from portal.organisations import policies
from portal.organisations.actor import Actor
from portal.organisations.models import (
    LegalEntity,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
)
from portal.organisations.roles import ROLES_BY_KIND, Role, role_label
from portal.organisations.services import LEGAL_ENTITY_FIELDS

from .forms import DomainErrorsMixin, PortalForm


def factory_managers():
    return User.objects.filter(
        role=Role.MANAGER, organisation__kind=OrganisationKind.FACTORY, is_active=True
    ).order_by("full_name")


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class OrganisationForm(PortalForm):
    """Create or edit a dealer / sub-dealer. The manager field exists only for a factory admin
    editing a dealer."""

    name = forms.CharField(label=_("Название"), max_length=200)
    region = forms.CharField(label=_("Регион"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("E-mail для уведомлений"),
        required=False,
        help_text=_("Сюда придут уведомления о заказах и счетах."),
    )
    phone = forms.CharField(
        label=_("Телефон"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    manager = ManagerChoiceField(
        label=_("Менеджер завода"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— не назначен —"),
        help_text=_("Модерирует заказы дилера и отвечает на его вопросы."),
    )

    def __init__(self, *args, actor: Actor, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == OrganisationKind.DEALER and policies.can_assign_manager(actor):
            self.fields["manager"].queryset = factory_managers()
        else:
            del self.fields["manager"]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        manager = data.pop("manager", None)
        data["manager_id"] = manager.pk if manager else None
        return data


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Название, регион или ИНН")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("", _("Все")), *OrganisationStatus.choices],
    )
    manager = ManagerChoiceField(
        label=_("Менеджер"), queryset=User.objects.none(), required=False, empty_label=_("Все")
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        if actor.sees_all_dealers:
            self.fields["manager"].queryset = factory_managers()
        else:
            del self.fields["manager"]

    def filter(self, qs):
        if not self.is_valid():
            return qs.none()
        data = self.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data.get("manager"):
            qs = qs.filter(manager=data["manager"])
        return qs


class LegalEntityForm(DomainErrorsMixin, forms.ModelForm):
    """The model's validators (INN, KPP, OGRN, BIK, accounts) speak Russian next to each field."""

    class Meta:
        model = LegalEntity
        fields = LEGAL_ENTITY_FIELDS
        widgets = {
            "inn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "kpp": forms.TextInput(attrs={"autocomplete": "off"}),
            "ogrn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "bik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "account": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "corr_account": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def clean_kpp(self):
        return self.cleaned_data["kpp"].strip().upper()


class InviteForm(PortalForm):
    email = forms.EmailField(label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    full_name = forms.CharField(
        label=_("Имя и фамилия"),
        max_length=150,
        required=False,
        help_text=_("Можно оставить пустым — человек укажет сам."),
    )
    role = forms.ChoiceField(label=_("Роль"))

    def __init__(self, *args, actor: Actor, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor, organisation)


def role_choices(actor: Actor, organisation: Organisation) -> list[tuple[str, str]]:
    """Roles this organisation has and the actor may give (never above the actor's rank)."""
    return [
        (role, role_label(organisation.kind, role))
        for role in ROLES_BY_KIND[organisation.kind]
        if policies.role_refusal(actor, organisation, role) is None
    ]
