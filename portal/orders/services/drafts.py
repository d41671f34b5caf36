"""Creating orders and editing them while the workflow allows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from portal.catalog.configurator.selectors import snapshot_get_for
from portal.core.errors import DomainError, PermissionDenied
from portal.organisations.models import LegalEntity, Organisation, OrganisationKind

from .. import history, lines, policies
from ..models import EventKind, Order, OrderKind
from ..pricing import configuration_item, configuration_of, offer_get, offer_items
from ..workflow import FINAL_STATUSES, russian_status
from .common import locked_order, move, require

if TYPE_CHECKING:
    from portal.organisations.actor import Actor

BUYER_FIELDS = (
    "kind",
    "legal_entity_id",
    "for_subdealer_id",
    "desired_delivery_date",
    "colour",
    "buyer_notes",
)
SELLER_FIELDS = ("planned_delivery_date", "manager_notes", "factory_number")


def new_draft(
    actor: Actor,
    *,
    kind: str = OrderKind.STANDARD,
    legal_entity_id: int | None = None,
    for_subdealer_id: int | None = None,
    desired_delivery_date: date | None = None,
    colour: str = "",
    buyer_notes: str = "",
    action: str = "created",
    text: str = "",
    data: dict | None = None,
) -> Order:
    """An empty draft of the actor's company to its seller (call inside a transaction)."""
    if not policies.can_create_order(actor):
        raise PermissionDenied("Заказы оформляют администраторы и сотрудники дилеров и субдилеров.")
    buyer = actor.organisation
    order = Order(
        buyer=buyer,
        seller=buyer.parent,
        author=actor.user,
        kind=_kind(kind),
        legal_entity=_legal_entity(buyer, legal_entity_id),
        for_subdealer=_for_subdealer(buyer, for_subdealer_id),
        desired_delivery_date=desired_delivery_date,
        colour=(colour or "").strip()[:120],
        buyer_notes=(buyer_notes or "").strip(),
    )
    order.save()
    history.record(order, actor=actor, kind=EventKind.CREATED, action=action, text=text, data=data)
    return order


@transaction.atomic
def order_create(*, actor: Actor, **details) -> Order:
    return new_draft(actor, **details)


@transaction.atomic
def order_add_line(
    *,
    actor: Actor,
    order_id: int,
    offer_id: int | None = None,
    snapshot_id: int | None = None,
    quantity: object = 1,
    version: int | None = None,
) -> Order:
    """Add a catalog offer or a saved configuration (copied into the line) to the order."""
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "edit")
    before = lines.lines_state(order)
    if snapshot_id is not None:
        snapshot = snapshot_get_for(actor, snapshot_id)
        if snapshot.organisation_id != order.buyer_id:
            raise DomainError("Эта конфигурация сохранена другой организацией.", field="snapshot")
        item = configuration_item(order.buyer, configuration_of(snapshot))
    elif offer_id is not None:
        item = offer_items(order.buyer, [offer_get(offer_id)])[offer_id]
    else:
        raise DomainError("Выберите товар или конфигурацию.", field="offer")
    lines.add_line(order, item, quantity)
    _edited(actor, order, before)
    return order


@transaction.atomic
def order_update_lines(
    *, actor: Actor, order_id: int, changes: list, version: int | None = None
) -> Order:
    """The buyer changes quantities, removes or adds lines while the order is editable."""
    order = locked_order(actor, order_id, version=version)
    require(actor, order, "edit")
    diff = lines.apply_changes(order, changes, may_set_price=False)
    _save_edit(actor, order, diff)
    return order


@transaction.atomic
def order_update_details(
    *, actor: Actor, order_id: int, version: int | None = None, **fields
) -> Order:
    """Header fields: the buyer's while it may edit; the seller's (planned date, manager's
    notes, 1C number) while the order is not closed."""
    order = locked_order(actor, order_id, version=version)
    buyer_part = {k: v for k, v in fields.items() if k in BUYER_FIELDS}
    seller_part = {k: v for k, v in fields.items() if k in SELLER_FIELDS}
    unknown = set(fields) - set(buyer_part) - set(seller_part)
    if unknown:
        raise DomainError(f"Эти поля менять нельзя: {', '.join(sorted(unknown))}.")
    if buyer_part:
        require(actor, order, "edit")
    if seller_part:
        if not policies.is_moderator(actor, order):
            raise PermissionDenied("Эти поля заполняет продавец (менеджер завода или дилер).")
        if order.status in FINAL_STATUSES:
            status = russian_status(order.status).lower()
            raise DomainError(f"Заказ {status}: менять его нельзя.")
    before = {name: _plain(getattr(order, name)) for name in fields}
    for name, value in buyer_part.items():
        _assign_buyer_field(order, name, value)
    for name, value in seller_part.items():
        setattr(order, name, value if name == "planned_delivery_date" else (value or "").strip())
    changes = {
        name: [before[name], _plain(getattr(order, name))]
        for name in fields
        if before[name] != _plain(getattr(order, name))
    }
    if changes:
        move(
            order,
            actor=actor,
            action="edit",
            kind=EventKind.EDITED,
            data={"fields": changes},
            fields=tuple(changes),
        )
    return order


def _assign_buyer_field(order: Order, name: str, value) -> None:
    if name == "kind":
        order.kind = _kind(value)
    elif name == "legal_entity_id":
        order.legal_entity = _legal_entity(order.buyer, value)
    elif name == "for_subdealer_id":
        order.for_subdealer = _for_subdealer(order.buyer, value)
    elif name == "desired_delivery_date":
        order.desired_delivery_date = value
    else:
        setattr(order, name, (value or "").strip())


def _edited(actor: Actor, order: Order, before: dict) -> None:
    lines.recompute_totals(order)
    _save_edit(actor, order, lines.diff_lines(before, lines.lines_state(order)))


def _save_edit(actor: Actor, order: Order, diff: dict) -> None:
    text = lines.describe(diff)
    move(
        order,
        actor=actor,
        action="edit",
        kind=EventKind.EDITED,
        text=text,
        data=diff,
        fields=("subtotal", "vat_total", "total"),
    )


def _kind(value) -> str:
    if value not in OrderKind.values:
        raise DomainError("Неизвестный тип заказа.", field="kind")
    return value


def _legal_entity(buyer: Organisation, legal_entity_id) -> LegalEntity:
    entities = LegalEntity.objects.filter(organisation=buyer, is_active=True)
    entity = (
        entities.filter(pk=legal_entity_id).first()
        if legal_entity_id
        else entities.order_by("pk").first()
    )
    if entity is None:
        raise DomainError(
            "Выберите действующее юрлицо вашей организации: на него оформляется заказ.",
            field="legal_entity",
        )
    return entity


def _for_subdealer(buyer: Organisation, subdealer_id) -> Organisation | None:
    if not subdealer_id:
        return None
    subdealer = Organisation.objects.filter(
        pk=subdealer_id, parent=buyer, kind=OrganisationKind.SUBDEALER
    ).first()
    if subdealer is None:
        raise DomainError("Можно указать только своего субдилера.", field="for_subdealer")
    return subdealer


def _plain(value):
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, Organisation | LegalEntity):
        return value.pk
    return str(value)
