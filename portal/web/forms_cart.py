"""Forms of the cart and of the other ways to create an order. They only read and clean what
the person typed; the services decide everything else (prices, seller, what may be ordered)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.orders.models import Order, OrderKind
from portal.orders.pricing import offers_by_article
from portal.orders.services.quick import SEPARATORS

from .forms import PortalForm

MAX_QUICK_CHARS = 200_000
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AddForm(PortalForm):
    """«В корзину»: the item's id comes from the page, the quantity from the person."""

    offer = forms.IntegerField(widget=forms.HiddenInput, required=False)
    snapshot = forms.IntegerField(widget=forms.HiddenInput, required=False)
    quantity = forms.CharField(label=_("Количество"), max_length=20, initial="1")


class OrderDetailsForm(PortalForm):
    """The header of the new order: the same fields for the cart and the bundle."""

    legal_entity = forms.ModelChoiceField(
        label=_("Юрлицо"), queryset=None, empty_label=None, required=False
    )
    desired_delivery_date = forms.DateField(
        label=_("Желаемая дата поставки"), required=False, widget=DATE_INPUT
    )
    colour = forms.CharField(label=_("Цвет"), max_length=120, required=False)

    field_aliases = {"legal_entity_id": "legal_entity"}

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_entity"].queryset = actor.organisation.legal_entities.filter(
            is_active=True
        ).order_by("pk")

    def details(self) -> dict:
        data = self.cleaned_data
        entity = data.get("legal_entity")
        return {
            "legal_entity_id": entity.pk if entity else None,
            "desired_delivery_date": data.get("desired_delivery_date"),
            "colour": data.get("colour", ""),
        }


class CartOrderForm(OrderDetailsForm):
    kind = forms.ChoiceField(label=_("Тип заказа"), choices=OrderKind.choices)
    buyer_notes = forms.CharField(
        label=_("Комментарий к заказу"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def details(self) -> dict:
        return {
            **super().details(),
            "kind": self.cleaned_data["kind"],
            "buyer_notes": self.cleaned_data.get("buyer_notes", ""),
        }


class QuickOrderForm(PortalForm):
    text = forms.CharField(
        label=_("Строки заказа"),
        max_length=MAX_QUICK_CHARS,
        help_text=_(
            "Одна строка — один товар: «артикул количество». Разделитель — пробел, "
            "табуляция или точка с запятой; можно вставить два столбца из Excel."
        ),
        widget=forms.Textarea(attrs={"rows": 12, "class": "mono", "spellcheck": "false"}),
    )


class ImportUploadForm(PortalForm):
    file = forms.FileField(
        label=_("Файл заказа (.xlsx или .xls)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls"}),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["file"].help_text = _("Не больше %(size)s МБ.") % {
            "size": max_bytes // (1024 * 1024)
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls")):
            raise forms.ValidationError("Загрузите файл Excel: .xlsx или .xls.")
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"Файл больше {self.max_bytes // (1024 * 1024)} МБ: разделите заказ на части."
            )
        return upload


class BundleForm(OrderDetailsForm):
    """The dealer picks accepted sub-dealer orders and may add lines of its own."""

    orders = forms.ModelMultipleChoiceField(
        label=_("Заказы субдилеров"),
        queryset=Order.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Выберите заказы субдилеров."},
    )
    own_lines = forms.CharField(
        label=_("Свои строки"),
        required=False,
        max_length=20_000,
        help_text=_("Необязательно: «артикул количество», по строке на товар."),
        widget=forms.Textarea(attrs={"rows": 4, "class": "mono", "spellcheck": "false"}),
    )

    field_aliases = {
        **OrderDetailsForm.field_aliases,
        "offer": "own_lines",
        "quantity": "own_lines",
    }

    def __init__(self, *args, actor, orders, **kwargs):
        super().__init__(*args, actor=actor, **kwargs)
        self.fields["orders"].queryset = orders

    def clean_own_lines(self) -> list[dict]:
        """``extra_lines`` for the service: each «артикул количество» line as an offer id and
        the quantity as typed (the service checks it, and whether the offer may be sold)."""
        rows = []
        for number, raw in enumerate(self.cleaned_data["own_lines"].splitlines(), 1):
            tokens = SEPARATORS.split(raw.strip())
            if tokens == [""]:
                continue
            if len(tokens) < 2:
                raise forms.ValidationError(
                    f"Строка {number}: нужно «артикул количество» через пробел."
                )
            rows.append((number, " ".join(tokens[:-1]), tokens[-1]))
        found = offers_by_article([article for _number, article, _quantity in rows])
        extra = []
        for number, article, quantity in rows:
            offers = found.get(article.upper(), [])
            if len(offers) != 1:
                reason = (
                    "не найден в каталоге" if not offers else "соответствует нескольким товарам"
                )
                raise forms.ValidationError(f"Строка {number}: артикул «{article}» {reason}.")
            extra.append({"offer_id": offers[0].pk, "quantity": quantity})
        return extra
