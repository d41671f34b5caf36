"""Forms of the money pages: filters, a payment, an import, a credit limit, a period."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.billing.models import (
    CreditMode,
    InvoiceSource,
    InvoiceStatus,
    PaymentSource,
    PaymentStatus,
)
from portal.billing.selectors import InvoiceFilters, money_entities
from portal.organisations.actor import Actor

from .forms import PortalForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({gettext('ИНН')} {obj.inn})"


class DocumentFilterForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("date range", "С"), required=False, widget=DATE)
    date_to = forms.DateField(label=pgettext_lazy("date range", "По"), required=False, widget=DATE)
    legal_entity = EntityChoiceField(
        label=_("Юрлицо"), queryset=None, required=False, empty_label=_("Все")
    )
    status = forms.ChoiceField(label=_("Статус"), required=False)
    source = forms.ChoiceField(label=_("Источник"), required=False)
    q = forms.CharField(
        label=_("Номер"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Счёт или заказ")}),
    )

    def __init__(self, *args, actor: Actor, payments: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_entity"].queryset = money_entities(actor).order_by("name")
        statuses = PaymentStatus.choices if payments else InvoiceStatus.choices
        sources = PaymentSource.choices if payments else InvoiceSource.choices
        self.fields["status"].choices = [("", _("Все")), *statuses]
        self.fields["source"].choices = [("", _("Все")), *sources]

    def filters(self) -> InvoiceFilters:
        if not self.is_valid():
            return InvoiceFilters()
        data = self.cleaned_data
        return InvoiceFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            legal_entity=data["legal_entity"].pk if data["legal_entity"] else None,
            status=data["status"],
            source=data["source"],
            search=data["q"].strip(),
        )


class PaymentForm(PortalForm):
    payer = EntityChoiceField(label=_("Плательщик"), queryset=None)
    amount = forms.DecimalField(label=_("Сумма, ₽"), max_digits=16, decimal_places=2, min_value=0)
    on = forms.DateField(label=_("Дата оплаты"), widget=DATE)
    number = forms.CharField(label=_("Номер платёжного поручения"), max_length=64, required=False)
    purpose = forms.CharField(
        label=_("Назначение платежа"), max_length=1000, required=False, widget=forms.Textarea
    )
    field_aliases = {"date": "on"}

    def __init__(self, *args, actor: Actor, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = money_entities(actor).order_by("name")


class ImportForm(PortalForm):
    kind = forms.ChoiceField(
        label=_("Что загружаем"),
        choices=[
            ("1c", _("Документы из 1С (XML)")),
            ("bank", _("Банковская выписка (xlsx, CSV)")),
        ],
    )
    file = forms.FileField(label=_("Файл"))


class ReasonForm(PortalForm):
    reason = forms.CharField(label=_("Причина"), max_length=500, required=False)


class AllocateForm(PortalForm):
    invoice = forms.IntegerField(required=False, widget=forms.HiddenInput)
    amount = forms.DecimalField(
        label=_("Сумма, ₽"), max_digits=16, decimal_places=2, required=False
    )


class CreditLimitForm(PortalForm):
    scope = forms.ChoiceField(
        label=_("Для кого"),
        choices=[
            ("dealer", _("Для дилера (все его юрлица)")),
            ("legal_entity", _("Только для этого юрлица")),
        ],
    )
    amount = forms.DecimalField(
        label=_("Лимит, ₽"),
        max_digits=16,
        decimal_places=2,
        required=False,
        help_text=_("Оставьте пустым, чтобы снять лимит."),
    )
    mode = forms.ChoiceField(label=_("При превышении"), choices=CreditMode.choices)


class AdjustmentForm(PortalForm):
    amount = forms.DecimalField(
        label=_("Сумма, ₽"),
        max_digits=16,
        decimal_places=2,
        help_text=_("Плюс увеличивает долг, минус уменьшает (например, начальное сальдо из 1С)."),
    )
    on = forms.DateField(label=_("Дата"), widget=DATE)
    reason = forms.CharField(label=_("Основание"), max_length=255)


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=pgettext_lazy("date range", "С"), widget=DATE)
    date_to = forms.DateField(label=pgettext_lazy("date range", "По"), widget=DATE)

    def period(self):
        today = timezone.localdate()
        default = (today.replace(day=1), today)
        if not self.is_valid():
            return default
        start, end = self.cleaned_data["date_from"], self.cleaned_data["date_to"]
        return (start, end) if start <= end else (end, start)
