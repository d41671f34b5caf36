"""Reads of organisations for one actor. Getting one object answers 404 for missing and for
not-yours alike (Http404), so nobody learns which ids exist."""

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .actor import Actor
from .models import LegalEntity, Organisation, OrganisationKind


def organisation_get_for(actor: Actor, organisation_id: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.visible_to(actor).select_related("parent", "manager"),
        pk=organisation_id,
    )


def legal_entity_get_for(actor: Actor, legal_entity_id: int) -> LegalEntity:
    return get_object_or_404(
        LegalEntity.objects.visible_to(actor).select_related("organisation"), pk=legal_entity_id
    )


def organisation_list(
    actor: Actor, *, kind: str | None = None, parent_id: int | None = None, search: str = ""
) -> QuerySet[Organisation]:
    qs = (
        Organisation.objects.visible_to(actor)
        .select_related("parent", "manager")
        .annotate(
            user_count=Count("users", distinct=True),
            child_count=Count("children", distinct=True),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id:
        qs = qs.filter(parent_id=parent_id)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(region__icontains=search)
            | Q(legal_entities__inn__startswith=search)
        ).distinct()
    return qs.order_by("kind", "name")


def factory_get() -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.FACTORY).first()
