"""The catalog's filter form: everything lives in the URL, so a filtered page can be shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.catalog.selectors import PropertyFilter

PAGE_SIZE = 24
SORT_CHOICES = [
    ("name", _("По названию")),
    ("price", _("Сначала дешёвые")),
    ("-price", _("Сначала дорогие")),
    ("new", _("Сначала новые")),
]


class CatalogFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Название или артикул"),
                "autocomplete": "off",
            }
        ),
    )
    group = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    in_stock = forms.BooleanField(label=_("В наличии"), required=False)
    sort = forms.ChoiceField(label=_("Сортировка"), choices=SORT_CHOICES, required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    size = forms.IntegerField(required=False, min_value=10, max_value=100, widget=forms.HiddenInput)

    def values(self) -> dict:
        """Cleaned values with defaults; a broken parameter is ignored, not an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        chosen = [PropertyFilter.parse(key) for key in self.data.getlist("pv")[:30]]
        return {
            "q": (data.get("q") or "").strip(),
            "group": data.get("group"),
            "in_stock": bool(data.get("in_stock")),
            "sort": data.get("sort") or "name",
            "page": data.get("page") or 1,
            "size": data.get("size") or PAGE_SIZE,
            "filters": [item for item in chosen if item is not None],
        }
