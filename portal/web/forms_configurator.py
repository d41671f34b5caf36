"""Forms of the factory admin's configurator editor. Saving goes through the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.catalog.configurator import services
from portal.catalog.configurator.models import Option, Parameter, ProductModel, Rule


class ConditionField(forms.JSONField):
    """A JSON condition: an empty box, not «null», when there is none yet."""

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


ParameterFormSet = forms.modelformset_factory(Parameter, fields=services.PARAMETER_FIELDS, extra=0)
OptionFormSet = forms.modelformset_factory(Option, fields=services.OPTION_FIELDS, extra=0)
RuleFormSet = forms.modelformset_factory(
    Rule,
    fields=services.RULE_FIELDS,
    extra=0,
    widgets={"condition": forms.Textarea(attrs={"rows": 3, "class": "mono"})},
)


class ProductModelForm(forms.ModelForm):
    class Meta:
        model = ProductModel
        fields = services.MODEL_FIELDS


class OptionCreateForm(forms.ModelForm):
    """A new choice of one of the model's list parameters."""

    parameter = forms.ModelChoiceField(
        label=_("Параметр"), queryset=Parameter.objects.none(), empty_label=None
    )

    class Meta:
        model = Option
        fields = ["parameter", *services.NEW_OPTION_FIELDS]

    def __init__(self, *args, product_model: ProductModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parameter"].queryset = Parameter.objects.filter(
            product_model=product_model, type="choice"
        )


class ParameterCreateForm(forms.ModelForm):
    """A new parameter; a list parameter comes with its first option."""

    option_code = forms.SlugField(
        label=_("Код первого варианта"),
        required=False,
        help_text=_("Только для «Выбор из списка»."),
    )
    option_label = forms.CharField(label=_("Название первого варианта"), required=False)
    option_price = forms.DecimalField(
        label=_("Надбавка первого варианта, ₽"), required=False, min_value=0, decimal_places=2
    )

    class Meta:
        model = Parameter
        fields = services.NEW_PARAMETER_FIELDS
        widgets = {"condition": forms.Textarea(attrs={"rows": 2, "class": "mono"})}
        field_classes = {"condition": ConditionField}

    def __init__(self, *args, product_model: ProductModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product_model = product_model
        self.fields["default"].help_text = _(
            "Для размера и числа — в пределах минимума и максимума."
        )

    def first_option(self) -> dict:
        data = self.cleaned_data
        return {
            "code": data.get("option_code") or "",
            "label": data.get("option_label") or "",
            "price": data.get("option_price") or 0,
        }


class RuleCreateForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = services.NEW_RULE_FIELDS
        widgets = {"condition": forms.Textarea(attrs={"rows": 3, "class": "mono"})}
        field_classes = {"condition": ConditionField}

    def __init__(self, *args, product_model: ProductModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.product_model = product_model


def edit_forms(product_model: ProductModel, data=None) -> dict:
    """The model form and the three formsets of the editor, bound to ``data`` when given."""
    return {
        "model_form": ProductModelForm(data, instance=product_model, prefix="model"),
        "parameters": ParameterFormSet(
            data,
            prefix="parameters",
            queryset=Parameter.objects.filter(
                product_model=product_model, type__in=["dimension", "number"]
            ),
        ),
        "options": OptionFormSet(
            data,
            prefix="options",
            queryset=Option.objects.filter(parameter__product_model=product_model)
            .select_related("parameter")
            .order_by("parameter__position", "position", "id"),
        ),
        "rules": RuleFormSet(
            data, prefix="rules", queryset=Rule.objects.filter(product_model=product_model)
        ),
    }
