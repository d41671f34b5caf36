"""Filter values («facets») of a group page: the filterable property values of the group's
products, subgroups included.

They are the same for every dealer and costly per group (a distinct over the property values
of thousands of products), so they are worked out for every group at once — one pass over the
catalog — and cached per group under the catalog version (``version.py``): a page reads one
cache key; the pass runs again after an import or ``CACHE_TTL``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache

from portal.organisations.actor import Actor

from .groups import GroupTree
from .models import ProductGroup, ProductPropertyValue, Property, PropertyChoice
from .version import CACHE_TTL, catalog_version

MAX_FACET_VALUES = 40
MAX_FACET_ROWS = 1000


@dataclass
class FacetValue:
    key: str
    label: str


@dataclass
class Facet:
    property_id: int
    name: str
    values: list[FacetValue] = field(default_factory=list)


def facet_key(property_id: int, choice_id: int | None, text: str) -> str:
    """The ``pv`` value of a choice: as ``selectors.PropertyFilter.key``."""
    return f"{property_id}-c{choice_id}" if choice_id else f"{property_id}-t{text}"


def group_facets(actor: Actor, group: ProductGroup, tree: GroupTree) -> list[Facet]:
    scope = "all" if actor.is_factory else "active"
    prefix = f"catalog:facets:{catalog_version()}:{scope}:"
    facets = cache.get(prefix + str(group.pk))
    if facets is None:
        every_group = _facets_of_every_group(actor, tree)
        cache.set_many({prefix + str(pk): value for pk, value in every_group.items()}, CACHE_TTL)
        facets = every_group.get(group.pk, [])
    return facets


def _facets_of_every_group(actor: Actor, tree: GroupTree) -> dict[int, list[Facet]]:
    """Distinct values per product group in one hash aggregate over narrow rows; each group
    then takes the union of its subtree's, labelled and sorted in Python."""
    values = ProductPropertyValue.objects.filter(
        property__is_filter=True, property__is_active=True, product__group__isnull=False
    )
    if not actor.is_factory:
        values = values.filter(product__is_active=True)
    rows = values.values_list("product__group_id", "property_id", "choice_id", "value_text")
    own: dict[int, set[tuple]] = {}
    for group_id, property_id, choice_id, text in rows.distinct().order_by():
        own.setdefault(group_id, set()).add((property_id, choice_id, "" if choice_id else text))
    everything = set().union(*own.values()) if own else set()
    names = dict(
        Property.objects.filter(pk__in={row[0] for row in everything}).values_list("pk", "name")
    )
    choices = dict(
        PropertyChoice.objects.filter(pk__in={row[1] for row in everything if row[1]}).values_list(
            "pk", "value"
        )
    )
    subtree: dict[int, set[tuple]] = {group.pk: set() for group in tree.groups}
    for group in tree.groups:  # each group's own values go to it and to all its ancestors
        for ancestor in {int(part) for part in group.path.strip("/").split("/") if part}:
            subtree.setdefault(ancestor, set()).update(own.get(group.pk, ()))
        subtree[group.pk].update(own.get(group.pk, ()))
    return {pk: _facets(rows, names, choices) for pk, rows in subtree.items()}


def _facets(rows: set[tuple], names: dict, choices: dict) -> list[Facet]:
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
        label = choice_value if choice_id else text
        if label:
            facet.values.append(FacetValue(facet_key(property_id, choice_id, text), label))
    return [facet for facet in facets.values() if facet.values]


def _facet_order(row: tuple) -> tuple:
    """As PostgreSQL's ORDER BY property name, choice value (NULL last), text."""
    name, choice_value, text, property_id, choice_id = row
    return (name, choice_value is None, choice_value or "", text, property_id, choice_id or 0)
