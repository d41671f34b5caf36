"""The group tree, loaded once per catalog version: every catalog page needs it (the menu, the
current group, its subtree) and it is small, so one cached list answers all three."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404

from portal.organisations.actor import Actor

from .models import ProductGroup
from .version import CACHE_TTL, catalog_version


@dataclass(frozen=True)
class GroupLink:
    group: ProductGroup
    depth: int
    is_open: bool  # the current group or one of its ancestors


class GroupTree:
    """Every group, withdrawn ones too, in menu order (sort, name)."""

    def __init__(self, groups: list[ProductGroup]):
        self.groups = groups
        self.by_id = {group.pk: group for group in groups}

    @classmethod
    def load(cls) -> GroupTree:
        return cls(list(ProductGroup.objects.order_by("sort", "name")))

    def visible(self, actor: Actor) -> list[ProductGroup]:
        """As ``ProductGroup.objects.visible_to``: withdrawn groups only for the factory."""
        if actor.is_factory:
            return self.groups
        return [group for group in self.groups if group.is_active]

    def find(self, actor: Actor, group_id: int) -> ProductGroup | None:
        group = self.by_id.get(group_id)
        if group is None or not (actor.is_factory or group.is_active):
            return None
        return group

    def subtree_ids(self, group: ProductGroup) -> list[int]:
        """The group and its descendants, withdrawn ones included (by the materialised path)."""
        return [other.pk for other in self.groups if other.path.startswith(group.path)]

    def menu(self, actor: Actor, current: ProductGroup | None) -> list[GroupLink]:
        """A flat list in tree order, unfolded only along the current group's path (roots, the
        children of each open group): short at any catalog size."""
        groups = self.visible(actor)
        children: dict[int | None, list[ProductGroup]] = {}
        known = {group.pk for group in groups}
        for group in groups:
            parent = group.parent_id if group.parent_id in known else None
            children.setdefault(parent, []).append(group)
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


_local: dict[str, tuple[float, GroupTree]] = {}  # version -> (loaded at, tree), this process


def group_tree(*, knowing: int | None = None) -> GroupTree:
    """The tree of the current catalog version: kept in this process (unpickling it from the
    shared cache on every request costs more than the page's queries) and in the shared cache
    for the other processes. Reloaded when it does not know the group ``knowing`` (one created
    since), so a new group never answers 404."""
    version = catalog_version()
    now = time.monotonic()
    kept = _local.get(version)
    tree = kept[1] if kept and now - kept[0] < CACHE_TTL else None
    if tree is None:
        tree = cache.get(f"catalog:groups:{version}")
    if tree is None or (knowing is not None and knowing not in tree.by_id):
        tree = GroupTree.load()
        cache.set(f"catalog:groups:{version}", tree, CACHE_TTL)
    if kept is None or kept[1] is not tree:
        _local.clear()
        _local[version] = (now, tree)
    return tree


def group_get_for(actor: Actor, group_id: int, tree: GroupTree | None = None) -> ProductGroup:
    """404 for a missing or withdrawn group alike."""
    group = (tree or group_tree(knowing=group_id)).find(actor, group_id)
    if group is None:
        raise Http404("Группа не найдена.")
    return group
