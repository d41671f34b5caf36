"""The small reference tables: groups, properties with their values, price types, warehouses.

They hold hundreds or thousands of rows, so plain ORM writes are fast enough; what matters is
that each row is compared first and written only when it differs. ``Lookups`` keeps 1C id →
primary key for the big tables' writers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.catalog.models import (
    PriceType,
    ProductGroup,
    Property,
    PropertyChoice,
    Warehouse,
)
from portal.exchange.commerceml.records import (
    GroupRecord,
    PriceTypeRecord,
    PropertyRecord,
    WarehouseRecord,
)

from .report import Report


@dataclass
class Lookups:
    groups: dict[str, int] = field(default_factory=dict)
    properties: dict[str, tuple[int, str]] = field(default_factory=dict)
    choices: dict[str, int] = field(default_factory=dict)
    price_types: dict[str, int] = field(default_factory=dict)
    warehouses: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Lookups:
        return cls(
            groups=dict(ProductGroup.objects.values_list("external_id", "id")),
            properties={
                ext: (pk, value_type)
                for ext, pk, value_type in Property.objects.values_list(
                    "external_id", "id", "value_type"
                )
            },
            choices=dict(PropertyChoice.objects.values_list("external_id", "id")),
            price_types=dict(PriceType.objects.values_list("external_id", "id")),
            warehouses=dict(Warehouse.objects.values_list("external_id", "id")),
        )


def write_groups(records: list[GroupRecord], lookups: Lookups, report: Report) -> None:
    """Upsert the groups of one classifier (parents first), then mend the materialised paths."""
    by_id = {r.external_id: r for r in records if r.external_id}
    order = {ext: position for position, ext in enumerate(by_id)}
    existing = {g.external_id: g for g in ProductGroup.objects.filter(external_id__in=by_id)}
    for record in sorted(by_id.values(), key=lambda r: depth(r, by_id)):
        parent_id = lookups.groups.get(record.parent_external_id or "")
        values = {
            "name": record.name[:255],
            "parent_id": parent_id,
            "sort": order[record.external_id],
            "is_active": record.is_active,
        }
        group = existing.get(record.external_id)
        if group is None:
            group = ProductGroup.objects.create(external_id=record.external_id, **values)
            lookups.groups[record.external_id] = group.pk
            report.add("groups", "created")
        elif any(getattr(group, k) != v for k, v in values.items()):
            withdrawn = group.is_active and not record.is_active
            for key, value in values.items():
                setattr(group, key, value)
            group.save(update_fields=list(values))
            report.add("groups", "withdrawn" if withdrawn else "updated")
        else:
            report.add("groups", "unchanged")
    mend_paths()


def depth(record: GroupRecord, by_id: dict[str, GroupRecord]) -> int:
    level, seen = 0, set()
    while record.parent_external_id in by_id and record.external_id not in seen:
        seen.add(record.external_id)
        record = by_id[record.parent_external_id]
        level += 1
    return level


def mend_paths() -> None:
    """Recompute "/1/7/42/" for every group whose ancestry changed."""
    rows = list(ProductGroup.objects.values_list("id", "parent_id", "path"))
    parents = {pk: parent for pk, parent, _ in rows}
    computed: dict[int, str] = {}

    def path_of(pk: int, guard: int = 0) -> str:
        if pk not in computed:
            parent = parents.get(pk)
            prefix = path_of(parent, guard + 1) if parent and guard < 64 else "/"
            computed[pk] = f"{prefix}{pk}/"
        return computed[pk]

    stale = [ProductGroup(id=pk, path=path_of(pk)) for pk, _, path in rows if path != path_of(pk)]
    ProductGroup.objects.bulk_update(stale, ["path"], batch_size=500)


def write_properties(records: list[PropertyRecord], lookups: Lookups, report: Report) -> None:
    by_id = {r.external_id: r for r in records if r.external_id}
    existing = {p.external_id: p for p in Property.objects.filter(external_id__in=by_id)}
    for record in by_id.values():
        values = {
            "name": record.name,
            "value_type": record.value_type,
            "is_active": record.is_active,
        }
        prop = existing.get(record.external_id)
        if prop is None:
            prop = Property.objects.create(external_id=record.external_id, **values)
            report.add("properties", "created")
        elif any(getattr(prop, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(prop, key, value)
            prop.save(update_fields=list(values))
            report.add("properties", "updated")
        else:
            report.add("properties", "unchanged")
        lookups.properties[record.external_id] = (prop.pk, prop.value_type)
    write_choices(by_id.values(), lookups, report)


def write_choices(records, lookups: Lookups, report: Report) -> None:
    wanted = {
        choice_id: (lookups.properties[r.external_id][0], value)
        for r in records
        for choice_id, value in r.choices
    }
    existing = {c.external_id: c for c in PropertyChoice.objects.filter(external_id__in=wanted)}
    new, changed = [], []
    for choice_id, (property_id, value) in wanted.items():
        choice = existing.get(choice_id)
        if choice is None:
            new.append(PropertyChoice(external_id=choice_id, property_id=property_id, value=value))
        elif (choice.property_id, choice.value) != (property_id, value):
            choice.property_id, choice.value = property_id, value
            changed.append(choice)
    PropertyChoice.objects.bulk_create(new, batch_size=500)
    PropertyChoice.objects.bulk_update(changed, ["property_id", "value"], batch_size=500)
    report.add("choices", "created", len(new))
    report.add("choices", "updated", len(changed))
    report.add("choices", "unchanged", len(wanted) - len(new) - len(changed))
    lookups.choices.update(
        PropertyChoice.objects.filter(external_id__in=[c.external_id for c in new]).values_list(
            "external_id", "id"
        )
    )


def write_price_type(record: PriceTypeRecord, lookups: Lookups, report: Report) -> None:
    values = {
        "name": record.name or record.external_id,
        "currency": record.currency,
        "vat_included": record.vat_included,
    }
    lookups.price_types[record.external_id] = upsert_small(
        PriceType, record.external_id, values, "price_types", report
    )


def write_warehouse(record: WarehouseRecord, lookups: Lookups, report: Report) -> None:
    values = {"name": record.name or record.external_id, "address": record.address}
    lookups.warehouses[record.external_id] = upsert_small(
        Warehouse, record.external_id, values, "warehouses", report
    )


def upsert_small(model, external_id: str, values: dict, kind: str, report: Report) -> int:
    row = model.objects.filter(external_id=external_id).first()
    if row is None:
        row = model.objects.create(external_id=external_id, **values)
        report.add(kind, "created")
    elif any(getattr(row, k) != v for k, v in values.items()):
        for key, value in values.items():
            setattr(row, key, value)
        row.save(update_fields=list(values))
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return row.pk


def price_type_id(external_id: str, lookups: Lookups, report: Report) -> int:
    """The price type of a price; one 1C has not described yet is created under its id."""
    if external_id not in lookups.price_types:
        row = PriceType.objects.create(external_id=external_id, name=f"Тип цен {external_id}")
        lookups.price_types[external_id] = row.pk
        report.add("price_types", "created")
    return lookups.price_types[external_id]


def warehouse_id(external_id: str, lookups: Lookups, report: Report) -> int:
    if external_id not in lookups.warehouses:
        row = Warehouse.objects.create(external_id=external_id, name=f"Склад {external_id}")
        lookups.warehouses[external_id] = row.pk
        report.add("warehouses", "created")
    return lookups.warehouses[external_id]
