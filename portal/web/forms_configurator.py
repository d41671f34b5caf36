"""Forms of the factory admin's configurator editor. Saving goes through the services."""

from django import forms

from portal.catalog.configurator import services
from portal.catalog.configurator.models import Option, Parameter, ProductModel, Rule

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
        label="Параметр", queryset=Parameter.objects.none(), empty_label=None
    )

    class Meta:
        model = Option
        fields = ["parameter", *services.NEW_OPTION_FIELDS]

    def __init__(self, *args, product_model: ProductModel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parameter"].queryset = Parameter.objects.filter(
            product_model=product_model, type="choice"
        )


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
