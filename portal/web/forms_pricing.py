"""Forms of the pricing admin pages. Numbers accept a decimal comma; every error names its field."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from portal.catalog.models import EXTERNAL_ID_LENGTH, Offer, PriceType, Product, ProductGroup
from portal.organisations.actor import Actor
from portal.organisations.models import Organisation, OrganisationKind
from portal.pricing.visibility import explained_companies

from .forms import PortalForm


class NumberField(forms.DecimalField):
    """A decimal typed by a person: «1 500,50» as well as «1500.50»."""

    def to_python(self, value):
        if isinstance(value, str):
            for space in (" ", "\u00a0", "\u202f"):
                value = value.replace(space, "")
            value = value.replace(",", ".")
        return super().to_python(value)


def percent_field(label: str, *, maximum: int = 100, required: bool = True) -> forms.DecimalField:
    """``label`` is the Russian msgid (marked with gettext_noop): the page shows it in the reader's
    language, the refusals name the field in Russian."""
    quoted = label.replace("%", "%%")  # messages with parameters are %-formatted by Django
    return NumberField(
        label=_(label),
        required=required,
        min_value=Decimal("0"),
        max_value=Decimal(maximum),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": f"Укажите значение поля «{label}».",
            "invalid": f"Поле «{label}»: введите число, например 5 или 7,5.",
            "min_value": f"Поле «{quoted}»: не меньше 0.",
            "max_value": f"Поле «{quoted}»: не больше {maximum}.",
            "max_decimal_places": f"Поле «{quoted}»: не больше двух знаков после запятой.",
            "max_digits": f"Поле «{quoted}»: слишком большое число.",
            "max_whole_digits": f"Поле «{quoted}»: слишком большое число.",
        },
    )


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        depth = max(obj.path.strip("/").count("/"), 0)
        return f"{'— ' * depth}{obj.name}"


def group_field(label: str, *, required: bool, empty_label=None):
    """``label`` is the Russian msgid, as in ``percent_field``."""
    return GroupChoiceField(
        label=_(label),
        queryset=ProductGroup.objects.filter(is_active=True).order_by("path"),
        required=required,
        empty_label=empty_label,
        error_messages={"required": f"Выберите «{label}».", "invalid_choice": "Такой группы нет."},
    )


class BasePriceTypeForm(PortalForm):
    base_price_type = forms.ModelChoiceField(
        label=_("Базовый тип цен завода"),
        queryset=PriceType.objects.all(),
        required=False,
        empty_label=_("Первый загруженный из 1С"),
    )


class DealerTermsForm(PortalForm):
    price_type = forms.ModelChoiceField(
        label=_("Тип цен"),
        queryset=PriceType.objects.all(),
        required=False,
        empty_label=_("Базовый тип цен завода"),
    )
    discount_percent = percent_field(gettext_noop("Скидка, %"))


class GroupDiscountForm(PortalForm):
    group = group_field(gettext_noop("Группа"), required=True)
    percent = percent_field(gettext_noop("Скидка, %"))


def offers_by_articles(text: str) -> tuple[list[Offer], list[str]]:
    """Offers named by articles, one per line (offer's own article or its product's)."""
    articles = [line.strip() for line in text.splitlines() if line.strip()]
    if not articles:
        return [], []
    offers = list(
        Offer.objects.filter(Q(article__in=articles) | Q(product__article__in=articles))
        .filter(is_active=True, product__in=Product.objects.filter(is_active=True))
        .select_related("product")
    )
    found = {offer.article for offer in offers} | {offer.product.article for offer in offers}
    return offers, [article for article in articles if article not in found]


class PromotionForm(PortalForm):
    name = forms.CharField(
        label=_("Название"), max_length=200, error_messages={"required": "Укажите название акции."}
    )
    starts_on = forms.DateField(
        label=_("Действует с"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите дату начала.", "invalid": "Дата начала: ДД.ММ.ГГГГ."},
    )
    ends_on = forms.DateField(
        label=_("Действует по"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Укажите дату окончания.",
            "invalid": "Дата окончания: ДД.ММ.ГГГГ.",
        },
    )
    percent = percent_field(gettext_noop("Скидка, %"))
    groups = forms.ModelMultipleChoiceField(
        label=_("Группы (с подгруппами)"),
        queryset=ProductGroup.objects.filter(is_active=True).order_by("path"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    articles = forms.CharField(
        label=_("Товары: артикулы, по одному в строке"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    all_dealers = forms.BooleanField(label=_("Для всех дилеров"), required=False, initial=True)
    dealers = forms.ModelMultipleChoiceField(
        label=_("Дилеры"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.DEALER).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_active = forms.BooleanField(label=_("Включена"), required=False, initial=True)

    def clean_articles(self):
        offers, missing = offers_by_articles(self.cleaned_data.get("articles", ""))
        if missing:
            raise forms.ValidationError(
                "Поле «Товары»: не найдены артикулы " + ", ".join(missing[:10]) + "."
            )
        self.offers = offers
        return self.cleaned_data.get("articles", "")


def subdealer_field(actor: Actor) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Субдилер"),
        queryset=Organisation.objects.filter(
            kind=OrganisationKind.SUBDEALER, parent_id=actor.organisation_id
        ).order_by("name"),
        required=False,
        empty_label=_("Все субдилеры"),
        error_messages={"invalid_choice": "Поле «Субдилер»: выберите своего субдилера."},
    )


class MarkupForm(PortalForm):
    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdealer"] = subdealer_field(actor)
        self.fields["group"] = group_field(
            gettext_noop("Группа"), required=False, empty_label=_("Весь каталог")
        )
        self.fields["percent"] = percent_field(gettext_noop("Наценка, %"), maximum=999)


class FixedPriceForm(PortalForm):
    article = forms.CharField(
        label=_("Артикул товара"), max_length=100, error_messages={"required": "Укажите артикул."}
    )
    amount = NumberField(
        label=_("Цена с НДС, ₽"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Укажите цену.",
            "invalid": "Поле «Цена с НДС»: введите число, например 1500 или 1500,50.",
            "min_value": "Поле «Цена с НДС»: не меньше 0.",
            "max_decimal_places": "Поле «Цена с НДС»: не больше двух знаков после запятой.",
        },
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"subdealer": subdealer_field(actor), **self.fields}

    def clean_article(self):
        offers, missing = offers_by_articles(self.cleaned_data["article"])
        if missing or len(offers) != 1:
            raise forms.ValidationError(
                "Поле «Артикул товара»: товар с таким артикулом не найден."
                if missing
                else "Поле «Артикул товара»: у товара несколько вариантов, укажите артикул варианта."
            )
        self.offer = offers[0]
        return self.cleaned_data["article"]


class CompanyChoiceField(forms.ModelChoiceField):
    """Dealers with their sub-dealers under them."""

    def label_from_instance(self, obj):
        return f"— {obj.name}" if obj.kind == OrganisationKind.SUBDEALER else obj.name


class PriceCheckForm(PortalForm):
    """A dealer's or sub-dealer's price of a product on a date, with the steps that made it."""

    product = forms.CharField(
        label=_("Товар: артикул или код 1С"),
        max_length=EXTERNAL_ID_LENGTH,
        error_messages={"required": "Укажите артикул или код 1С товара."},
    )
    on = forms.DateField(
        label=_("На дату"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Укажите дату.", "invalid": "Поле «На дату»: ДД.ММ.ГГГГ."},
    )

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields = {
            "organisation": CompanyChoiceField(
                label=_("Компания"),
                queryset=explained_companies(actor),
                empty_label=None,
                error_messages={
                    "required": "Поле «Компания»: выберите компанию.",
                    "invalid_choice": "Поле «Компания»: выберите компанию из списка.",
                },
            ),
            **self.fields,
        }

    def clean_product(self):
        """One product of the catalog the actor sees, by its article, an offer's article or
        its 1C id."""
        value = self.cleaned_data["product"].strip()
        found = list(
            Product.objects.visible_to(self.actor)
            .filter(Q(article=value) | Q(external_id=value) | Q(offers__article=value))
            .distinct()
            .order_by("pk")[:2]
        )
        if not found:
            raise forms.ValidationError(f"Поле «Товар»: товар «{value}» не найден в каталоге.")
        if len(found) > 1:
            raise forms.ValidationError(
                f"Поле «Товар»: артикул «{value}» есть у нескольких товаров, укажите код 1С."
            )
        self.found = found[0]
        return value
