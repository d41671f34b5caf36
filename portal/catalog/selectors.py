"""Reads of the catalog for one actor: a product list page, a product card (the group tree is
in ``groups``, the filter values in ``facets``).

List pages fetch ``page_size + 1`` rows instead of counting: no COUNT over a large catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from portal.core.sql import Among
from portal.organisations.actor import Actor

from . import groups
from .models import (
    Offer,
    PriceType,
    Product,
    ProductGroup,
    ProductPropertyValue,
    StockLevel,
)
from .page_rows import page_rows
from .page_walks import first_matches_by_name, first_priced, first_priced_of
from .search import apply_search

NEW_FOR_DAYS = 30
# Products without a price of the caller's type come last in both price sorts (PostgreSQL
# would put them first sorting down, SQLite sorting up).
SORTS = {
    "name": ("name", "pk"),
    "price": (F("list_price").asc(nulls_last=True), "name", "pk"),
    "-price": (F("list_price").desc(nulls_last=True), "name", "pk"),
    "new": ("-first_seen_at", "-pk"),
}
PRICE_SORTS = ("price", "-price")


def group_get_for(actor: Actor, group_id: int) -> ProductGroup:
    return groups.group_get_for(actor, group_id)


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

    Two steps in one statement: the page's ids are picked over narrow rows (the filters, the
    sort, LIMIT; on PostgreSQL an index walk first where one may serve, ``page_walks``), then
    only those rows are read whole, with their group, first image and stock flag
    (``page_rows``, a statement written once around the ids the ORM compiled); the actor's
    offers come in one more query, as ``product.visible_offers``. Sorting by price orders by
    the caller's price type (the list its price derives from), so the database can sort; group
    discounts and mark-ups may move a few rows within a page.
    """
    narrowed = product_ids is not None or group is not None or bool(filters) or in_stock
    products = Product.objects.visible_to(actor)
    if product_ids is not None:
        products = products.filter(pk__in=product_ids)
    if group is not None:
        products = products.filter(group_id__in=groups.group_tree().subtree_ids(group))
    if search:
        products = apply_search(products, search)
    if filters:
        products = apply_property_filters(products, list(filters))
    if in_stock:
        products = products.filter(in_stock_filter())
    sort = sort if sort in SORTS else "name"
    order = SORTS[sort]
    if search:
        order = _unindexed(order)
    start = (max(page, 1) - 1) * page_size
    priced = sort in PRICE_SORTS
    page_ids = _sorted(products, order, price_type, priced).values("pk")
    page_ids = page_ids[start : start + page_size + 1]
    if connection.vendor == "postgresql":
        page_ids = _walked(
            actor,
            products,
            page_ids,
            search=search,
            sort=sort,
            price_type=price_type,
            narrowed=narrowed,
            start=start,
            count=page_size + 1,
        )
    if isinstance(page_ids, RawSQL):
        ids_sql, ids_params = page_ids.sql, tuple(page_ids.params)
    else:
        ids_sql, ids_params = page_ids.query.sql_with_params()
    rows = page_rows(ids_sql, ids_params, sort, price_type)
    shown = rows[:page_size]
    _attach_offers(actor, shown)
    return shown, len(rows) > page_size


def _walked(
    actor: Actor,
    products: QuerySet,
    sorted_page: QuerySet,
    *,
    search: str,
    sort: str,
    price_type: PriceType | None,
    narrowed: bool,
    start: int,
    count: int,
) -> QuerySet | RawSQL:
    """The page's ids from an index walk where one may serve (``page_walks``), else
    ``sorted_page``, which the walk falls back on. ``products`` are the page's candidates."""
    if sort == "name" and search.isalpha() and not narrowed:
        # One word of letters: only a word common in names fills a page from the first few
        # hundred; several words or a code (an article, a size) never do, and trying costs
        # ~1.5 ms.
        visible = Product.objects.visible_to(actor)
        return first_matches_by_name(visible, search, sorted_page, start, count)
    if sort not in PRICE_SORTS or price_type is None:
        return sorted_page
    descending = sort == "-price"
    if search or narrowed:
        return first_priced_of(products, price_type, descending, sorted_page, start, count)
    # Neither narrowed nor searched: ``products`` is everything the caller may see.
    return first_priced(products, price_type, descending, sorted_page, start, count)


def _unindexed(order: tuple) -> tuple:
    """The same order, led by ``COALESCE(key, key)``, which no index can hand rows over in.

    A search sorts its matches instead of walking the (name, id) or (first_seen_at, id)
    index until enough of them turn up: the planner expects matches spread evenly along the
    index, but a word tends to start the names it is in («Окно …») and 1C lists a group's
    products together, so the walk may pass most of the catalog first (46 ms against 5 ms for
    «окно» at 100,000 products). The price sorts lead with an outer join no index serves."""
    lead, *rest = order
    if not isinstance(lead, str):
        return order
    field = lead.removeprefix("-")
    key = Coalesce(field, field)
    return (key.desc() if lead.startswith("-") else key.asc(), *rest)


def _attach_offers(actor: Actor, products: list[Product]) -> None:
    """``product.visible_offers``: the actor's offers of each product by id, from one query.
    ``prefetch_related("offers")`` did the same at several times the Python cost (a filtered
    queryset built per product)."""
    if not products:
        return
    by_id = {product.pk: (product, []) for product in products}
    product_cache = Offer.product.field
    for offer in Offer.objects.visible_to(actor).filter(Among("product_id", by_id)).order_by("pk"):
        product, offers = by_id[offer.product_id]
        product_cache.set_cached_value(offer, product)
        offers.append(offer)
    for product, offers in by_id.values():
        product.visible_offers = offers


def _sorted(
    products: QuerySet, order: tuple, price_type: PriceType | None, priced: bool
) -> QuerySet:
    if priced:
        # An outer join, so that products without a price of the type stay (last); an alias,
        # never loaded into the rows: no template or serializer can show the factory price it
        # orders by to a sub-dealer.
        products = products.alias(
            price_of_type=FilteredRelation(
                "list_prices", condition=Q(list_prices__price_type=price_type)
            ),
            list_price=F("price_of_type__amount"),
        )
    return products.order_by(*order)


def subtree_ids(group: ProductGroup) -> list[int]:
    """The group and its descendants (withdrawn ones too)."""
    return groups.group_tree().subtree_ids(group)


def is_new(product: Product, *, now=None) -> bool:
    now = now or timezone.now()
    return product.is_new or product.first_seen_at >= now - timedelta(days=NEW_FOR_DAYS)


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
