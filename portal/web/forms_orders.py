"""Forms of the order pages. Each carries the order's ``version`` the person saw, so acting on a
page that someone else has changed meanwhile is refused instead of overwriting their work."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from portal.core.money import to_decimal
from portal.notifications.kinds import KINDS

from .forms import PortalForm


class VersionedForm(PortalForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TextForm(VersionedForm):
    """A question, an answer: the text is required."""

    text = forms.CharField(
        label=_("Текст"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Напишите текст.")},
    )


class CommentOptionalForm(VersionedForm):
    """Confirm, cancel: a comment may be left."""

    comment = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectForm(VersionedForm):
    reason = forms.CharField(
        label=_("Причина отказа"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Укажите причину отказа: покупатель увидит её в заказе.")},
    )


class HandTo1CForm(VersionedForm):
    factory_number = forms.CharField(
        label=_("Номер в 1С"),
        required=False,
        max_length=64,
        help_text=_("Можно оставить пустым: номер придёт из 1С."),
    )


class SellerDetailsForm(VersionedForm):
    """What the seller fills in: the planned delivery date, its notes, the 1C number."""

    planned_delivery_date = forms.DateField(
        label=_("Плановая дата поставки"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    factory_number = forms.CharField(label=_("Номер в 1С"), required=False, max_length=64)
    manager_notes = forms.CharField(
        label=_("Примечания менеджера"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class CommentForm(PortalForm):
    text = forms.CharField(
        label=_("Комментарий"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    files = MultipleFileField(
        label=_("Файлы"),
        required=False,
        widget=MultipleFileInput(
            attrs={"multiple": True, "accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.xls,.docx,.dwg,.txt"}
        ),
        help_text=_("PDF, JPG, PNG, XLSX, XLS, DOCX, DWG, TXT; до 10 МБ каждый, не больше 10."),
    )


class LinesForm(VersionedForm):
    """Editing the lines of an order: one set of inputs per line, named ``<field>-<line id>``.

    The buyer changes quantities and removes lines; the seller (``may_set_price``) also sets
    prices and discounts. Only what differs from the line as shown becomes a change for the
    service, which checks every value and says what is wrong in Russian.
    """

    comment = forms.CharField(
        label=_("Комментарий для покупателя"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, lines, may_set_price: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        self.may_set_price = may_set_price
        if not may_set_price:
            del self.fields["comment"]

    def changes(self) -> list[dict]:
        data, changes = self.data, []
        for line in self.lines:
            if data.get(f"remove-{line.pk}"):
                changes.append({"line_id": line.pk, "remove": True})
                continue
            change = {}
            fields = {"quantity": line.quantity}
            if self.may_set_price:
                fields |= {"unit_price": line.unit_price, "discount_percent": line.discount_percent}
            for name, current in fields.items():
                value = (data.get(f"{name}-{line.pk}") or "").strip()
                if value and _differs(value, current):
                    change[name] = value
            if change:
                changes.append({"line_id": line.pk, **change})
        return changes

    def rows(self) -> list[dict]:
        """Each line with the values to show in its inputs (the typed ones after an error)."""
        data = self.data
        return [
            {
                "line": line,
                "quantity": data.get(f"quantity-{line.pk}", _plain(line.quantity)),
                "unit_price": data.get(f"unit_price-{line.pk}", _plain(line.unit_price)),
                "discount_percent": data.get(
                    f"discount_percent-{line.pk}", _plain(line.discount_percent)
                ),
                "remove": bool(data.get(f"remove-{line.pk}")),
            }
            for line in self.lines
        ]


def _plain(value) -> str:
    return format(value.normalize(), "f") if value is not None else ""


def _differs(typed: str, current) -> bool:
    try:
        return to_decimal(typed) != Decimal(current)
    except (ValueError, TypeError, InvalidOperation):
        return True  # not a number: let the service say so


class UnitsForm(PortalForm):
    """Several units moved one step at once; shipping needs the shipment document number."""

    STEPS = (
        ("ready", _("Отметить готовыми")),
        ("ship", _("Отгрузить")),
        ("receive", _("Отметить полученными")),
        ("sell", _("Отметить проданными")),
    )

    step = forms.ChoiceField(choices=STEPS)
    unit = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Отметьте галочками изделия.")},
    )
    shipment_document = forms.CharField(
        label=_("Документ отгрузки №"), required=False, max_length=64
    )

    def __init__(self, *args, unit_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(pk, pk) for pk in unit_ids]
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Некоторых из отмеченных изделий нет в этом заказе."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("step") == "ship" and not cleaned.get("shipment_document", "").strip():
            self.add_error("shipment_document", _("Укажите номер документа отгрузки."))
        return cleaned


class EmailPreferencesForm(PortalForm):
    """One checkbox per kind of notification: «присылать на e-mail»."""

    def __init__(self, *args, current: dict[str, bool], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, (label, _default) in KINDS.items():
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=current.get(kind, False)
            )

    def choices(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in KINDS}


class QuickSelect(forms.Select):
    """A select drawn in Python: Django draws every option through a template, which made the
    filter bar of the order list cost more than its rows (bench/orders_list.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)
                for key, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, attrs) | {"name": name}
        return format_html("<select{}>{}</select>", flatatt(final), options)


NEED_DEALER = "need_dealer"  # a choice list that waits for the dealer filter (factory lists)


class OrderFilterForm(forms.Form):
    """The filter bar of the order list. It only draws the inputs: ``listing.OrderFilters``
    reads and checks the URL, and its Russian messages are put next to the inputs."""

    q = forms.CharField(
        label=_("Номер"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Номер портала или 1С"), "maxlength": 64}
        ),
    )
    date_from = forms.DateField(
        label=_("Дата с"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Дата по"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(widget=QuickSelect, label=_("Статус"), required=False)
    payment = forms.ChoiceField(widget=QuickSelect, label=_("Оплата"), required=False)
    kind = forms.ChoiceField(widget=QuickSelect, label=_("Тип"), required=False)
    dealer = forms.ChoiceField(
        widget=QuickSelect(attrs={"data-reload": "full"}), label=_("Дилер"), required=False
    )
    author = forms.ChoiceField(widget=QuickSelect, label=_("Автор"), required=False)
    legal_entity = forms.ChoiceField(widget=QuickSelect, label=_("Юрлицо"), required=False)
    subdealer = forms.ChoiceField(widget=QuickSelect, label=_("Субдилер"), required=False)
    total_from = forms.CharField(
        label=_("Сумма от"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    total_to = forms.CharField(
        label=_("Сумма до"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    sort = forms.ChoiceField(widget=QuickSelect, label=_("Порядок"), required=False)

    def __init__(self, data, *, choices: dict[str, list], errors: dict[str, str]):
        super().__init__(data)
        everything = [("", _("Все"))]
        for name, options in choices.items():
            if options is None:
                del self.fields[name]
            elif options == NEED_DEALER:
                self.fields[name].choices = [("", _("сначала выберите дилера"))]
                self.fields[name].widget.attrs["disabled"] = True
            else:
                self.fields[name].choices = (everything if name != "sort" else []) + options
        self.filter_errors = errors

    def visible_filters(self):
        """Fields with the listing's error for each (if any)."""
        return [(field, self.filter_errors.get(field.name, "")) for field in self]


class SavedViewForm(PortalForm):
    name = forms.CharField(label=_("Название вида"), max_length=80)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    is_default = forms.BooleanField(label=_("Открывать по умолчанию"), required=False)
