"""The caller's price list: every orderable offer, grouped by catalog group, with the caller's
own prices only (from the resolver, so a sub-dealer's list holds nothing else)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from portal.catalog.models import Offer, Product, ProductGroup
from portal.organisations.actor import Actor

from .resolver import PriceBook

CHUNK = 2000
NO_GROUP = "Без группы"


@dataclass(frozen=True)
class PriceListRow:
    article: str
    name: str
    unit: str
    amount: Decimal | None
    vat_rate: Decimal | None
    promoted: bool


@dataclass(frozen=True)
class PriceListSection:
    title: str
    rows: list[PriceListRow]


@dataclass(frozen=True)
class PriceList:
    organisation_name: str
    on: date
    sections: list[PriceListSection]

    @property
    def row_count(self) -> int:
        return sum(len(section.rows) for section in self.sections)


def _group_titles(actor: Actor) -> list[tuple[int, str]]:
    """Groups in tree order (depth first, by sort and name) with «Parent / Child» titles."""
    groups = list(ProductGroup.objects.visible_to(actor).values("pk", "parent_id", "name", "sort"))
    children: dict[int | None, list[dict]] = {}
    known = {group["pk"] for group in groups}
    for group in groups:
        parent = group["parent_id"] if group["parent_id"] in known else None
        children.setdefault(parent, []).append(group)
    ordered: list[tuple[int, str]] = []

    def walk(parent: int | None, prefix: str) -> None:
        for group in sorted(children.get(parent, []), key=lambda g: (g["sort"], g["name"])):
            title = f"{prefix}{group['name']}"
            ordered.append((group["pk"], title))
            walk(group["pk"], f"{title} / ")

    walk(None, "")
    return ordered


def _offers(actor: Actor) -> Iterator[tuple]:
    products = Product.objects.visible_to(actor)
    return (
        Offer.objects.visible_to(actor)
        .filter(product__in=products)
        .order_by("product__group_id", "product__name", "pk")
        .values_list(
            "pk",
            "product__group_id",
            "article",
            "product__article",
            "name",
            "product__name",
            "product__unit_name",
        )
        .iterator(chunk_size=CHUNK)
    )


def price_list_build(actor: Actor, *, on: date | None = None) -> PriceList:
    on = on or timezone.localdate()
    book = PriceBook(organisation=actor.organisation, on=on, viewer=actor)
    by_group: dict[int | None, list[PriceListRow]] = {}
    chunk: list[tuple] = []

    def flush() -> None:
        prices = book.prices([row[0] for row in chunk])
        for offer_id, group_id, article, product_article, name, product_name, unit in chunk:
            price = prices[offer_id]
            by_group.setdefault(group_id, []).append(
                PriceListRow(
                    article=article or product_article,
                    name=name or product_name,
                    unit=unit,
                    amount=price.amount,
                    vat_rate=price.vat_rate,
                    promoted=price.promoted,
                )
            )
        chunk.clear()

    for row in _offers(actor):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            flush()
    flush()
    sections = [
        PriceListSection(title, by_group.pop(group_id))
        for group_id, title in _group_titles(actor)
        if group_id in by_group
    ]
    rest = [row for rows in by_group.values() for row in rows]
    if rest:
        sections.append(PriceListSection(NO_GROUP, rest))
    return PriceList(actor.organisation.name, on, sections)
