"""Django admin for the configurator's data (for staff accounts; the factory admin's own
editor is /configurator/<code>/edit/)."""

from django.contrib import admin

from .models import ConfigurationSnapshot, Option, Parameter, ProductModel, Rule


class ParameterInline(admin.TabularInline):
    model = Parameter
    extra = 0
    fields = [
        "position",
        "code",
        "label",
        "type",
        "unit",
        "min_value",
        "max_value",
        "step",
        "default",
        "per_sash",
    ]


class RuleInline(admin.TabularInline):
    model = Rule
    extra = 0
    fields = ["position", "code", "message", "condition", "parameter_code", "per_sash", "is_active"]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 1
    fields = ["position", "code", "label", "price", "price_unit", "swatch", "is_active"]


@admin.register(ProductModel)
class ProductModelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_active", "base_price", "price_per_m2"]
    inlines = [ParameterInline, RuleInline]


@admin.register(Parameter)
class ParameterAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "product_model", "type"]
    list_filter = ["product_model"]
    inlines = [OptionInline]


@admin.register(ConfigurationSnapshot)
class ConfigurationSnapshotAdmin(admin.ModelAdmin):
    list_display = ["pk", "product_model", "organisation", "amount", "created_at"]
    readonly_fields = [f.name for f in ConfigurationSnapshot._meta.fields]
