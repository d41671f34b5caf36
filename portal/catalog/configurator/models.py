"""Configurable product models as data the factory admin edits, and saved configurations."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.models import TimeStampedModel
from portal.organisations.models import Organisation

from .conditions import ConditionError, parse_condition
from .definition import Kind, ParamType, PriceUnit

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

MONEY = {"max_digits": 12, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal(0), "Значение не может быть отрицательным.")]
CODE_HELP = _("Латиница, цифры и подчёркивание; по коду значение хранится в конфигурациях.")
swatch_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Цвет указывается в виде #RRGGBB, например #8b5a2b."
)


class ProductModelQuerySet(models.QuerySet):
    def active(self) -> ProductModelQuerySet:
        return self.filter(is_active=True)


class ProductModel(TimeStampedModel):
    """A made-to-measure product (a PVC window, a door) with its price formula."""

    code = models.SlugField(_("код"), max_length=50, unique=True, help_text=CODE_HELP)
    name = models.CharField(_("название"), max_length=200)
    kind = models.CharField(_("вид изделия"), max_length=20, choices=Kind.CHOICES)
    is_active = models.BooleanField(_("доступна для заказа"), default=True)
    description = models.TextField(_("описание"), blank=True)
    catalog_group_id = models.PositiveBigIntegerField(
        _("группа каталога"), null=True, blank=True, help_text=_("Для цен и скидок по группе.")
    )
    vat_rate = models.DecimalField(
        _("ставка НДС, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(20),
        validators=[*NOT_NEGATIVE, MaxValueValidator(Decimal(100), "Ставка НДС не выше 100 %.")],
    )
    base_price = models.DecimalField(
        _("базовая цена, ₽"), **MONEY, default=Decimal(0), validators=NOT_NEGATIVE
    )
    price_per_m2 = models.DecimalField(
        _("цена за м², ₽"), **MONEY, default=Decimal(0), validators=NOT_NEGATIVE
    )
    price_per_sash = models.DecimalField(
        _("цена за створку, ₽"), **MONEY, default=Decimal(0), validators=NOT_NEGATIVE
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)

    objects = ProductModelQuerySet.as_manager()

    class Meta:
        verbose_name = "модель изделия"
        verbose_name_plural = "модели изделий"
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                name="configurator_model_kind_valid",
                condition=Q(kind__in=[code for code, _ in Kind.CHOICES]),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Parameter(models.Model):
    product_model = models.ForeignKey(
        ProductModel, on_delete=models.CASCADE, related_name="parameters", verbose_name="модель"
    )
    code = models.SlugField(_("код"), max_length=50, help_text=CODE_HELP)
    label = models.CharField(_("название"), max_length=120)
    type = models.CharField(_("тип"), max_length=12, choices=ParamType.CHOICES)
    unit = models.CharField(_("единица"), max_length=10, blank=True)
    min_value = models.DecimalField(
        _("минимум"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("максимум"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    step = models.DecimalField(_("шаг"), max_digits=10, decimal_places=2, null=True, blank=True)
    default = models.CharField(_("значение по умолчанию"), max_length=50, blank=True)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    per_sash = models.BooleanField(
        _("для каждой створки"), default=False, help_text=_("Своё значение у каждой створки окна.")
    )
    condition = models.JSONField(
        _("показывать, когда"),
        null=True,
        blank=True,
        help_text=_(
            'Условие JSON, например {"param": "sash_type", "in": ["turn", "tilt_turn"]}. '
            "Ссылаться можно только на параметры выше по списку."
        ),
    )
    price = models.DecimalField(
        _("надбавка, ₽ (для «да/нет»)"), **MONEY, default=Decimal(0), validators=NOT_NEGATIVE
    )
    price_unit = models.CharField(
        _("надбавка считается"), max_length=10, choices=PriceUnit.CHOICES, default=PriceUnit.ITEM
    )

    class Meta:
        verbose_name = "параметр"
        verbose_name_plural = "параметры"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product_model", "code"], name="configurator_parameter_code_unique"
            ),
            models.CheckConstraint(
                name="configurator_parameter_type_valid",
                condition=Q(type__in=[code for code, _ in ParamType.CHOICES]),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.type in ParamType.NUMERIC:
            self._clean_limits()
        if self.condition in (None, ""):
            self.condition = None
            return
        earlier = self.product_model.parameters.filter(position__lt=self.position).exclude(
            pk=self.pk
        )
        names = condition_names(earlier)
        try:
            parse_condition(self.condition, params=names)
        except ConditionError as error:
            raise ValidationError({"condition": error.message}) from None

    def _clean_limits(self) -> None:
        if self.min_value is None or self.max_value is None:
            raise ValidationError({"min_value": "Для размера и числа укажите минимум и максимум."})
        if self.min_value > self.max_value:
            raise ValidationError({"max_value": "Максимум должен быть не меньше минимума."})
        if self.step is not None and self.step <= 0:
            raise ValidationError({"step": "Шаг должен быть больше нуля."})
        try:
            default = Decimal(self.default.replace(",", "."))
        except ArithmeticError:
            raise ValidationError(
                {"default": "Значение по умолчанию должно быть числом."}
            ) from None
        if not self.min_value <= default <= self.max_value:
            raise ValidationError(
                {"default": "Значение по умолчанию должно быть в пределах минимума и максимума."}
            )


class Option(models.Model):
    parameter = models.ForeignKey(
        Parameter, on_delete=models.CASCADE, related_name="options", verbose_name="параметр"
    )
    code = models.SlugField(_("код"), max_length=50, help_text=CODE_HELP)
    label = models.CharField(_("название"), max_length=120)
    price = models.DecimalField(
        _("надбавка, ₽"), **MONEY, default=Decimal(0), validators=NOT_NEGATIVE
    )
    price_unit = models.CharField(
        _("надбавка считается"), max_length=10, choices=PriceUnit.CHOICES, default=PriceUnit.ITEM
    )
    swatch = models.CharField(
        _("образец цвета"), max_length=7, blank=True, validators=[swatch_validator]
    )
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("доступен"), default=True)

    class Meta:
        verbose_name = "вариант"
        verbose_name_plural = "варианты"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parameter", "code"], name="configurator_option_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Rule(models.Model):
    """A constraint: the configuration is refused with ``message`` when ``condition`` holds."""

    product_model = models.ForeignKey(
        ProductModel, on_delete=models.CASCADE, related_name="rules", verbose_name="модель"
    )
    code = models.SlugField(_("код"), max_length=50)
    message = models.CharField(_("сообщение"), max_length=300)
    condition = models.JSONField(
        _("нарушено, когда"),
        help_text=_(
            'Например {"all": [{"param": "sash_type", "in": ["tilt_turn"]}, '
            '{"calc": "sash_width", "gt": 900}]}'
        ),
    )
    parameter_code = models.CharField(
        _("параметр для сообщения"), max_length=50, blank=True, help_text=_("Пусто — всё изделие.")
    )
    per_sash = models.BooleanField(_("проверять каждую створку"), default=False)
    position = models.PositiveIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = "правило"
        verbose_name_plural = "правила"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product_model", "code"], name="configurator_rule_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.message

    def clean(self) -> None:
        parameters = list(self.product_model.parameters.all())
        try:
            parse_condition(self.condition, params=condition_names(parameters))
        except ConditionError as error:
            raise ValidationError({"condition": error.message}) from None
        if self.parameter_code and self.parameter_code not in {p.code for p in parameters}:
            raise ValidationError(
                {"parameter_code": f"У модели нет параметра «{self.parameter_code}»."}
            )


def condition_names(parameters) -> set[str]:
    """Names a condition may read: every code, and ``<code>_<n>`` for per-sash parameters."""
    names: set[str] = set()
    for parameter in parameters:
        names.add(parameter.code)
        if parameter.per_sash:
            names.update(f"{parameter.code}_{n}" for n in range(1, MAX_SASHES + 1))
    return names


MAX_SASHES = 6


class ConfigurationSnapshotQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ConfigurationSnapshotQuerySet:
        """The owner company sees its own; the factory sees all."""
        if actor.is_factory:
            return self.all()
        return self.filter(organisation_id=actor.organisation_id)


class ConfigurationSnapshot(models.Model):
    """A finished configuration with its drawing and prices, frozen when it was saved."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="configuration_snapshots",
        verbose_name="организация",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="автор",
    )
    product_model = models.ForeignKey(
        ProductModel, on_delete=models.PROTECT, related_name="snapshots", verbose_name="модель"
    )
    choices = models.JSONField("параметры")
    summary = models.JSONField("параметры для печати", default=list)
    svg = models.TextField("чертёж")
    list_price = models.JSONField("расчёт по прайсу завода")
    vat_rate = models.DecimalField("ставка НДС, %", max_digits=5, decimal_places=2)
    amount = models.DecimalField("цена для организации, ₽ с НДС", **MONEY)
    vat_amount = models.DecimalField("в т. ч. НДС, ₽", **MONEY)
    created_at = models.DateTimeField("сохранено", auto_now_add=True)

    objects = ConfigurationSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "сохранённая конфигурация"
        verbose_name_plural = "сохранённые конфигурации"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.product_model} №{self.pk}"
