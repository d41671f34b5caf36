"""Saved views of the order list: save (or overwrite by name), delete, choose the default.

A view keeps only what the list understands: the filter and sort parameters (checked by the
same parser as the list, so a saved view always opens) and known column keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db import transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from portal.audit.services import audit_record
from portal.core.errors import DomainError

from .listing import COLUMNS, DEFAULT_SORT, OrderFilters, parse_sort
from .models import SavedOrderView

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from portal.organisations.actor import Actor

MAX_VIEWS = 30


def saved_views(actor: Actor) -> QuerySet[SavedOrderView]:
    return SavedOrderView.objects.visible_to(actor).order_by("name", "pk")


def saved_view_get_for(actor: Actor, view_id: int) -> SavedOrderView:
    return get_object_or_404(SavedOrderView.objects.visible_to(actor), pk=view_id)


def default_view(actor: Actor) -> SavedOrderView | None:
    return SavedOrderView.objects.visible_to(actor).filter(is_default=True).first()


def clean_query(query: str | QueryDict) -> str:
    """Only the list's own parameters, validated; paging (``after``, ``limit``) is dropped."""
    if isinstance(query, str):
        query = QueryDict(query.lstrip("?"))
    filters = OrderFilters.from_query(query)
    params = filters.to_query()
    sort = parse_sort(query.get("sort"))
    if sort != DEFAULT_SORT:
        params["sort"] = [sort]
    return urlencode(params, doseq=True)


@transaction.atomic
def saved_view_save(
    *,
    actor: Actor,
    name: str,
    query: str | QueryDict = "",
    columns: list[str] | tuple[str, ...] = (),
    is_default: bool = False,
) -> SavedOrderView:
    """Save the list as it is now under ``name``; a view of the same name is overwritten."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Назовите вид списка.", field="name")
    if len(name) > 80:
        raise DomainError("Название вида — не длиннее 80 символов.", field="name")
    unknown = [key for key in columns if key not in COLUMNS]
    if unknown:
        raise DomainError(f"Нет такого столбца «{unknown[0][:40]}».", field="columns")
    views = SavedOrderView.objects.select_for_update().filter(user_id=actor.user_id)
    view = views.filter(name=name).first()
    if view is None and views.count() >= MAX_VIEWS:
        raise DomainError(f"Сохранить можно не больше {MAX_VIEWS} видов.", field="name")
    if view is None:
        view = SavedOrderView(user=actor.user, name=name)
    view.query = clean_query(query)
    view.columns = list(dict.fromkeys(columns))
    if is_default:
        views.filter(is_default=True).exclude(pk=view.pk).update(is_default=False)
    view.is_default = is_default
    view.save()
    audit_record(
        action="order_view_saved",
        actor=actor,
        obj=view,
        changes={"query": view.query, "columns": view.columns, "is_default": is_default},
    )
    return view


@transaction.atomic
def saved_view_delete(*, actor: Actor, view_id: int) -> None:
    view = saved_view_get_for(actor, view_id)
    audit_record(action="order_view_deleted", actor=actor, obj=view)
    view.delete()


@transaction.atomic
def saved_view_set_default(*, actor: Actor, view_id: int | None) -> SavedOrderView | None:
    """Open this view by default (``None``: the plain list again)."""
    views = SavedOrderView.objects.select_for_update().filter(user_id=actor.user_id)
    view = saved_view_get_for(actor, view_id) if view_id is not None else None
    views.filter(is_default=True).exclude(pk=getattr(view, "pk", None)).update(is_default=False)
    if view is not None and not view.is_default:
        view.is_default = True
        view.save(update_fields=["is_default"])
    audit_record(action="order_view_default", actor=actor, obj=view, changes={"view": view_id})
    return view
