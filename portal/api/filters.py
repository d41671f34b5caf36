"""Filters shared by the list endpoints."""

from django import forms
from django_filters import rest_framework as filters

from .inputs import MAX_INTEGER


class IdFilter(filters.NumberFilter):
    """An object's id: a whole number (django-filter's NumberFilter takes ``0.5`` and ``1e3``)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -MAX_INTEGER)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(*args, **kwargs)


class _StrictBooleanField(forms.NullBooleanField):
    """``true``/``false`` (or ``1``/``0``); Django's own turns anything else into "no filter"."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "True", "1"):
            return True
        if value in ("false", "False", "0"):
            return False
        raise forms.ValidationError("Ожидается true или false.", code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = _StrictBooleanField

    def __init__(self, *args, **kwargs):
        # django-filter's DRF BooleanFilter reads the value with a widget that also turns
        # anything unknown into "no filter"; the plain text widget hands it to the field.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)
