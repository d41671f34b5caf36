"""Reads of the catalog for one actor: the group tree, a product list page, a product card.

List pages fetch ``page_size + 1`` rows instead of counting: no COUNT over a large catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.organisations.actor import Actor

from .models import (
    Offer,
    Price,
    PriceType,
    Product,
    ProductGroup,
    ProductImage,
    ProductPropertyValue,
    Property,
    PropertyChoice,
    StockLevel,
)
from .search import apply_search

NEW_FOR_DAYS = 30
SORTS = {
    "name": ("name", "pk"),
    "price": ("list_price", "name", "pk"),
    "-price": ("-list_price", "name", "pk"),
    "new": ("-first_seen_at", "-pk"),
}
MAX_FACET_VALUES = 40
MAX_FACET_ROWS = 1000
FACETS_TTL = 300


@dataclass(frozen=True)
class GroupLink:
    group: ProductGroup
    depth: int
    is_open: bool  # the current group or one of its ancestors


def group_menu(actor: Actor, current: ProductGroup | None) -> list[GroupLink]:
    """The group tree as a flat list in tree order, unfolded only along the current group's
    path (roots, the children of each open group): short at any catalog size, one query."""
    groups = list(ProductGroup.objects.visible_to(actor).order_by("sort", "name"))
    children: dict[int | None, list[ProductGroup]] = {}
    known = {group.pk for group in groups}
    for group in groups:
        children.setdefault(group.parent_id if group.parent_id in known else None, []).append(group)
    open_ids = (
        {int(part) for part in current.path.strip("/").split("/") if part} if current else set()
    )
    if current is not None:
        open_ids.add(current.pk)
    links: list[GroupLink] = []

    def walk(parent: int | None, depth: int) -> None:
        for group in children.get(parent, []):
            is_open = group.pk in open_ids
            links.append(GroupLink(group, depth, is_open))
            if is_open:
                walk(group.pk, depth + 1)

    walk(None, 0)
    return links


def group_get_for(actor: Actor, group_id: int) -> ProductGroup:
    return get_object_or_404(ProductGroup.objects.visible_to(actor), pk=group_id)


def product_get_for(actor: Actor, product_id: int) -> Product:
    return get_object_or_404(
        Product.objects.visible_to(actor).select_related("group"), pk=product_id
    )


def offer_get_for(actor: Actor, offer_id: int) -> Offer:
    return get_object_or_404(
        Offer.objects.visible_to(actor).filter(product__in=Product.objects.visible_to(actor)),
        pk=offer_id,
    )


def in_stock_filter() -> Exists:
    return Exists(StockLevel.objects.filter(offer__product=OuterRef("pk"), quantity__gt=0))


@dataclass(frozen=True)
class PropertyFilter:
    """One chosen value: ``"<property id>-c<choice id>"`` or ``"<property id>-t<text>"``."""

    property_id: int
    choice_id: int | None = None
    text: str = ""

    @classmethod
    def parse(cls, key: str) -> PropertyFilter | None:
        head, sep, rest = key.partition("-")
        if not sep or not head.isdigit() or not rest:
            return None
        if rest[0] == "c" and rest[1:].isdigit():
            return cls(int(head), choice_id=int(rest[1:]))
        if rest[0] == "t":
            return cls(int(head), text=rest[1:][:500])
        return None

    @property
    def key(self) -> str:
        return (
            f"{self.property_id}-c{self.choice_id}"
            if self.choice_id
            else (f"{self.property_id}-t{self.text}")
        )

    def condition(self) -> Q:
        if self.choice_id:
            return Q(choice_id=self.choice_id)
        return Q(value_text=self.text)


def apply_property_filters(products: QuerySet, filters: list[PropertyFilter]) -> QuerySet:
    """Values of one property are OR-ed, different properties AND-ed."""
    by_property: dict[int, Q] = {}
    for chosen in filters:
        by_property[chosen.property_id] = by_property.get(chosen.property_id, Q()) | (
            chosen.condition()
        )
    for property_id, condition in by_property.items():
        values = ProductPropertyValue.objects.filter(
            condition, product=OuterRef("pk"), property_id=property_id
        )
        products = products.filter(Exists(values))
    return products


def product_list(
    actor: Actor,
    *,
    price_type: PriceType | None,
    group: ProductGroup | None = None,
    search: str = "",
    filters: list[PropertyFilter] = (),
    in_stock: bool = False,
    sort: str = "name",
    page: int = 1,
    page_size: int = 24,
    product_ids: list[int] | None = None,
) -> tuple[list[Product], bool]:
    """One page of products and whether there is a next one.

    Sorting by price orders by the caller's price type (the list its price derives from), so
    the database can sort; group discounts and mark-ups may move a few rows within a page.
    """
    products = Product.objects.visible_to(actor)
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    if group is not None:
        products = products.filter(group_id__in=subtree_ids(group))
    if search:
        products = apply_search(products, search)
    if filters:
        products = apply_property_filters(products, list(filters))
    if in_stock:
        products = products.filter(in_stock_filter())
    order = SORTS.get(sort, SORTS["name"])
    if "list_price" in order[0]:
        # alias, not annotate: the factory price orders the rows but is never loaded into them,
        # so no template or serializer can show it to a sub-dealer.
        products = products.alias(
            list_price=Subquery(
                Price.objects.filter(offer__product=OuterRef("pk"), price_type=price_type)
                .order_by("amount")
                .values("amount")[:1]
            )
        )
    start = (max(page, 1) - 1) * page_size
    rows = list(
        products.order_by(*order)
        .select_related("group")
        .prefetch_related(
            Prefetch("offers", queryset=Offer.objects.visible_to(actor).order_by("pk")),
            Prefetch("images", queryset=ProductImage.objects.order_by("sort", "pk")),
        )[start : start + page_size + 1]
    )
    page_rows = rows[:page_size]
    _mark_stock(page_rows)
    return page_rows, len(rows) > page_size


def subtree_ids(group: ProductGroup) -> list[int]:
    """The group and its descendants (one indexed prefix query on the materialised path)."""
    return list(
        ProductGroup.objects.filter(path__startswith=group.path).values_list("pk", flat=True)
    )


def _mark_stock(products: list[Product]) -> None:
    """``product.has_stock`` for a page, in one query (an EXISTS per row in the page query
    makes PostgreSQL hash the whole stock table)."""
    stocked = set(
        StockLevel.objects.filter(
            offer__product__in=[product.pk for product in products], quantity__gt=0
        ).values_list("offer__product_id", flat=True)
    )
    for product in products:
        product.has_stock = product.pk in stocked


def is_new(product: Product, *, now=None) -> bool:
    now = now or timezone.now()
    return product.is_new or product.first_seen_at >= now - timedelta(days=NEW_FOR_DAYS)


@dataclass
class FacetValue:
    key: str
    label: str


@dataclass
class Facet:
    property_id: int
    name: str
    values: list[FacetValue] = field(default_factory=list)


def group_facets(actor: Actor, group: ProductGroup) -> list[Facet]:
    """Filterable property values of the group's products (with subgroups).

    The same for every dealer, and costly on a large group: cached for a few minutes, so a
    fresh import shows its new values in the filters after at most ``FACETS_TTL`` seconds.
    """
    key = f"catalog:facets:{group.pk}:{'all' if actor.is_factory else 'active'}"
    facets = cache.get(key)
    if facets is None:
        facets = _group_facets(actor, group)
        cache.set(key, facets, FACETS_TTL)
    return facets


def _group_facets(actor: Actor, group: ProductGroup) -> list[Facet]:
    """Distinct ids first (a hash aggregate over narrow rows), names joined and sorted in
    Python afterwards: sorting tens of thousands of joined rows by name was most of the cost."""
    rows = list(
        ProductPropertyValue.objects.filter(
            product__in=Product.objects.visible_to(actor).filter(group_id__in=subtree_ids(group)),
            property__is_filter=True,
            property__is_active=True,
        )
        .values_list("property_id", "choice_id", "value_text")
        .distinct()
        .order_by()
    )
    names = dict(Property.objects.filter(pk__in={row[0] for row in rows}).values_list("pk", "name"))
    choices = dict(
        PropertyChoice.objects.filter(pk__in={row[1] for row in rows if row[1]}).values_list(
            "pk", "value"
        )
    )
    labelled = [
        (names[property_id], choices.get(choice_id), text, property_id, choice_id)
        for property_id, choice_id, text in rows
    ]
    labelled.sort(key=_facet_order)
    facets: dict[int, Facet] = {}
    for name, choice_value, text, property_id, choice_id in labelled[:MAX_FACET_ROWS]:
        facet = facets.setdefault(property_id, Facet(property_id, name))
        if len(facet.values) >= MAX_FACET_VALUES:
            continue
        chosen = PropertyFilter(property_id, choice_id=choice_id, text="" if choice_id else text)
        label = choice_value if choice_id else text
        if label:
            facet.values.append(FacetValue(chosen.key, label))
    return [facet for facet in facets.values() if facet.values]


def _facet_order(row: tuple) -> tuple:
    """As PostgreSQL's ORDER BY property name, choice value (NULL last), text."""
    name, choice_value, text, property_id, choice_id = row
    return (name, choice_value is None, choice_value or "", text, property_id, choice_id or 0)


@dataclass
class StockRow:
    offer_id: int
    warehouse: str
    quantity: Decimal


def product_stock(offers: list[Offer]) -> list[StockRow]:
    levels = (
        StockLevel.objects.filter(offer__in=offers, warehouse__is_active=True)
        .select_related("warehouse")
        .order_by("warehouse__name", "offer_id")
    )
    return [StockRow(level.offer_id, level.warehouse.name, level.quantity) for level in levels]


def product_properties(product: Product) -> list[tuple[str, str]]:
    values = (
        ProductPropertyValue.objects.filter(product=product, property__is_active=True)
        .select_related("property", "choice")
        .order_by("property__name")
    )
    result = []
    for value in values:
        if value.choice_id:
            text = value.choice.value
        elif value.value_text:
            text = value.value_text
        elif value.value_number is not None:
            text = format(value.value_number.normalize(), "f").replace(".", ",")
        else:
            continue
        result.append((value.property.name, text))
    return result
