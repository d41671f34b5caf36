"""The catalog shaped like 1C's CommerceML 2.

Every imported row keeps its 1C id (``external_id``, «Ид»), unique per table, so imports are
upserts. ``Product`` is 1C's «Номенклатура»; ``Offer`` is what is sold and priced — the product
itself (offer id == product id) or one of its characteristics (``productGUID#charGUID``).
Prices and stock belong to offers. Prices are read only through ``portal.pricing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

EXTERNAL_ID_LENGTH = 160  # "GUID#GUID" is 73; 1C allows longer codes in old configurations


class CatalogQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> CatalogQuerySet:
        """The catalog is published to every company; withdrawn rows only to the factory."""
        if actor.is_factory:
            return self.all()
        return self.filter(is_active=True)


class ProductGroup(models.Model):
    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    name = models.CharField("наименование", max_length=255)
    # Materialised path of primary keys, "/1/7/42/", so a group page takes all its descendants
    # with one indexed prefix filter.
    path = models.CharField(max_length=512, db_index=True, default="/")
    sort = models.IntegerField(default=0)
    is_active = models.BooleanField("действует", default=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "группа каталога"
        verbose_name_plural = "группы каталога"
        ordering = ["sort", "name"]

    def __str__(self) -> str:
        return self.name


class PropertyValueType(models.TextChoices):
    STRING = "string", "Строка"
    NUMBER = "number", "Число"
    REFERENCE = "reference", "Справочник"
    TIME = "time", "Время"


class Property(models.Model):
    """«Свойство» of the classifier; products carry values of it."""

    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    name = models.CharField("наименование", max_length=255)
    value_type = models.CharField(
        max_length=16, choices=PropertyValueType.choices, default=PropertyValueType.STRING
    )
    is_filter = models.BooleanField("показывать в фильтрах", default=True)
    is_active = models.BooleanField(default=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "свойство"
        verbose_name_plural = "свойства"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PropertyChoice(models.Model):
    """A value of a reference-typed property («Справочник»: ИдЗначения → Значение)."""

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="choices")
    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    value = models.CharField("значение", max_length=500)

    class Meta:
        ordering = ["value"]

    def __str__(self) -> str:
        return self.value


class Product(models.Model):
    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    article = models.CharField("артикул", max_length=100, blank=True, db_index=True)
    barcode = models.CharField("штрихкод", max_length=64, blank=True)
    name = models.CharField("наименование", max_length=500)
    full_name = models.CharField("полное наименование", max_length=1000, blank=True)
    description = models.TextField("описание", blank=True)
    # Led by the (group, is_active, name) index below.
    group = models.ForeignKey(
        ProductGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="products",
        db_index=False,
    )
    unit_code = models.CharField("код единицы", max_length=16, blank=True)
    unit_name = models.CharField("единица", max_length=32, blank=True, default="шт")
    # VAT rate in percent (20, 10, 0); NULL means «без НДС». Rates are data, not constants.
    vat_rate = models.DecimalField(
        "ставка НДС, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    requisites = models.JSONField("реквизиты 1С", default=dict, blank=True)
    # No index of its own: most products are on sale, and a scan is what a filter by it needs.
    is_active = models.BooleanField("в продаже", default=True)
    is_new = models.BooleanField("новинка", default=False)
    first_seen_at = models.DateTimeField("впервые загружен", auto_now_add=True)
    changed_at = models.DateTimeField("изменён", auto_now=True)
    # Hash of everything imported for this row: a re-import of an unchanged file skips it.
    content_hash = models.CharField(max_length=32, blank=True)
    # UPPER(name) with «Ё» as «Е», kept by the database: the trigram search rechecks its
    # matches with a plain LIKE on it instead of upper-casing every matching name, and
    # «трехстворчатое» finds «трёхстворчатое» (``search.py``).
    search_name = models.GeneratedField(
        expression=Replace(Upper("name"), Value("Ё"), Value("Е")),
        output_field=models.CharField(max_length=500),
        db_persist=True,
    )

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "товар"
        verbose_name_plural = "товары"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["group", "is_active", "name"]),
            # The whole catalog's pages by name and newest first, walked instead of sorting
            # every product.
            models.Index(fields=["name", "id"], name="catalog_product_name_id"),
            models.Index(fields=["first_seen_at", "id"], name="catalog_product_first_seen"),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.name}".strip()


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    path = models.CharField("файл", max_length=500)
    description = models.CharField("описание", max_length=255, blank=True)
    sort = models.IntegerField(default=0)

    class Meta:
        ordering = ["sort", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "path"], name="product_image_unique")
        ]

    def __str__(self) -> str:
        return self.path


class ProductPropertyValue(models.Model):
    """One value of a property on a product; typed columns make filters indexable."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="property_values")
    # Led by the three (property, …) indexes below.
    property = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Led by (property, choice, product); choices are never deleted but with their property.
    choice = models.ForeignKey(
        PropertyChoice,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    value_text = models.CharField(max_length=500, blank=True)
    value_number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)

    class Meta:
        indexes = [
            # With the product: a filter's products of one value from the index alone.
            models.Index(fields=["property", "choice", "product"]),
            models.Index(fields=["property", "value_number"]),
            models.Index(fields=["property", "value_text"]),
        ]

    def __str__(self) -> str:
        return self.choice.value if self.choice_id else self.value_text


class Offer(models.Model):
    """What is sold: the product itself or one of its characteristics («ХарактеристикаТовара»)."""

    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="offers")
    name = models.CharField("наименование", max_length=500, blank=True)
    article = models.CharField("артикул", max_length=100, blank=True)
    characteristics = models.JSONField("характеристики", default=dict, blank=True)
    is_active = models.BooleanField(default=True)
    content_hash = models.CharField(max_length=32, blank=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "предложение"
        verbose_name_plural = "предложения"
        ordering = ["product_id", "name"]

    def __str__(self) -> str:
        return self.name or self.product.name

    @property
    def is_characteristic(self) -> bool:
        return "#" in self.external_id


class PriceType(models.Model):
    """«ТипЦены» from 1C: the factory's price lists (e.g. «Оптовая», «Дилерская»)."""

    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    name = models.CharField("наименование", max_length=255)
    currency = models.CharField("валюта", max_length=8, default="RUB")
    vat_included = models.BooleanField("НДС включён в цену", default=True)

    class Meta:
        verbose_name = "тип цен"
        verbose_name_plural = "типы цен"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PriceQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> PriceQuerySet:
        """Factory prices are seen by factory staff only; everyone else gets prices from
        ``portal.pricing.resolver``."""
        return self.all() if actor.is_factory else self.none()


class Price(models.Model):
    # Led by the unique (offer, price type).
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="prices", db_index=False
    )
    price_type = models.ForeignKey(PriceType, on_delete=models.CASCADE, related_name="prices")
    amount = models.DecimalField("цена за единицу", max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=8, default="RUB")

    objects = PriceQuerySet.as_manager()

    class Meta:
        verbose_name = "цена"
        verbose_name_plural = "цены"
        constraints = [
            models.UniqueConstraint(fields=["offer", "price_type"], name="price_unique"),
            models.CheckConstraint(name="price_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.price_type_id}: {self.amount} {self.currency}"


class ProductListPrice(models.Model):
    """The lowest factory price of a product's offers per price type: what «sort by price» of
    a catalog page orders by. Derived from ``Price`` by ``portal.catalog.list_prices`` after
    every import that changed prices; never shown to anyone (it is a factory price)."""

    # No index of their own: the unique (product, type) and the (type, amount, product) order
    # index lead with them. The planner took the product's own index and filtered the type.
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="list_prices", db_index=False
    )
    price_type = models.ForeignKey(
        PriceType, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "price_type"], name="product_list_price_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["price_type", "amount", "product"], name="product_list_price_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id}/{self.price_type_id}: {self.amount}"


class Warehouse(models.Model):
    external_id = models.CharField("Ид 1С", max_length=EXTERNAL_ID_LENGTH, unique=True)
    name = models.CharField("наименование", max_length=255)
    address = models.CharField("адрес", max_length=500, blank=True)
    is_active = models.BooleanField(default=True)

    objects = CatalogQuerySet.as_manager()

    class Meta:
        verbose_name = "склад"
        verbose_name_plural = "склады"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    # Led by the unique (offer, warehouse).
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="stock_levels", db_index=False
    )
    warehouse = models.ForeignKey(Warehouse, on_delete=models.CASCADE, related_name="stock_levels")
    quantity = models.DecimalField("остаток", max_digits=14, decimal_places=3)

    class Meta:
        verbose_name = "остаток"
        verbose_name_plural = "остатки"
        constraints = [
            models.UniqueConstraint(fields=["offer", "warehouse"], name="stock_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.warehouse_id}: {self.quantity}"
