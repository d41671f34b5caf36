"""The order workflow as one table: which action moves an order from which statuses to which,
and which party may take it. Services look transitions up here; a test renders the table into
``docs/orders-workflow.md`` and checks that every non-final status can still reach a final one.

Parties (who they are for a given order is decided in ``policies.parties_of``):

- ``buyer``: the ordering company's admins and employees (a dealer, or a sub-dealer);
- ``moderator``: the seller side — for an order to the factory, the factory manager assigned to
  the dealer or a factory admin; for a sub-dealer's order, its dealer's admins and employees;
- ``system``: the portal itself, following units or a bundle, never a person's button.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    ON_MODERATION = "on_moderation", _("На модерации")
    AWAITING_ANSWER = "awaiting_answer", _("Ожидает ответа")
    CONFIRMED = "confirmed", _("Подтверждён")
    MODERATED = "moderated", _("Отмодерирован")
    IN_PRODUCTION = "in_production", _("В производстве")
    PARTIALLY_SHIPPED = "partially_shipped", _("Частично отгружен")
    COMPLETED = "completed", _("Выполнен")
    CANCELLED = "cancelled", _("Отменён")
    REJECTED = "rejected", _("Отклонён")


FINAL_STATUSES = frozenset({OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REJECTED})


def russian_status(status: str) -> str:
    """The status's Russian name, for messages and stored text whatever the reader's language
    (``OrderStatus`` labels follow it)."""
    with translation.override("ru"):
        return str(OrderStatus(status).label)


class Party(models.TextChoices):
    BUYER = "buyer", "Покупатель"
    MODERATOR = "moderator", "Модератор (продавец)"
    SYSTEM = "system", "Портал"


class Scope(models.TextChoices):
    """Which orders a transition applies to: sold by the factory, by a dealer, or any."""

    ANY = "any", "любые"
    FACTORY = "factory", "заказы заводу"
    SUBDEALER = "subdealer", "заказы субдилеров дилеру"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the action keeps the status (an edit)
    party: str
    scope: str
    label: str


def _t(action, sources, target, party, label, scope=Scope.ANY) -> Transition:
    return Transition(action, frozenset(sources), target, party, scope, label)


S = OrderStatus
EDITABLE = (S.DRAFT, S.ON_MODERATION, S.AWAITING_ANSWER)

TRANSITIONS: tuple[Transition, ...] = (
    _t("edit", EDITABLE, None, Party.BUYER, "изменить заказ"),
    _t("submit", [S.DRAFT], S.ON_MODERATION, Party.BUYER, "отправить на модерацию"),
    _t("ask_question", [S.ON_MODERATION], S.AWAITING_ANSWER, Party.MODERATOR, "задать вопрос"),
    _t(
        "change_lines",
        [S.ON_MODERATION, S.AWAITING_ANSWER],
        S.AWAITING_ANSWER,
        Party.MODERATOR,
        "изменить строки (покупатель должен согласиться)",
    ),
    _t("answer", [S.AWAITING_ANSWER], S.ON_MODERATION, Party.BUYER, "ответить на вопрос"),
    _t("accept_changes", [S.AWAITING_ANSWER], S.ON_MODERATION, Party.BUYER, "принять изменения"),
    _t("confirm", [S.ON_MODERATION], S.CONFIRMED, Party.MODERATOR, "подтвердить"),
    _t("reject", [S.ON_MODERATION, S.AWAITING_ANSWER], S.REJECTED, Party.MODERATOR, "отклонить"),
    _t("cancel", EDITABLE, S.CANCELLED, Party.BUYER, "отменить"),
    _t(
        "cancel_by_seller",
        [S.CONFIRMED, S.MODERATED],
        S.CANCELLED,
        Party.MODERATOR,
        "отменить по просьбе покупателя",
    ),
    _t(
        "hand_to_1c",
        [S.CONFIRMED],
        S.MODERATED,
        Party.MODERATOR,
        "передать в 1С",
        Scope.FACTORY,
    ),
    _t(
        "bundle",
        [S.CONFIRMED],
        S.MODERATED,
        Party.MODERATOR,
        "включить в заказ дилера заводу",
        Scope.SUBDEALER,
    ),
    _t(
        "release",
        [S.MODERATED],
        S.CONFIRMED,
        Party.SYSTEM,
        "вернуть дилеру: его заказ заводу отменён или отклонён",
        Scope.SUBDEALER,
    ),
    _t(
        "start_production",
        [S.MODERATED],
        S.IN_PRODUCTION,
        Party.MODERATOR,
        "запустить в производство",
        Scope.FACTORY,
    ),
    _t(
        "follow_production",
        [S.MODERATED],
        S.IN_PRODUCTION,
        Party.SYSTEM,
        "в производстве вместе с заказом дилера",
        Scope.SUBDEALER,
    ),
    _t(
        "units_left",
        [S.IN_PRODUCTION],
        S.PARTIALLY_SHIPPED,
        Party.SYSTEM,
        "часть изделий отгружена",
    ),
    _t(
        "units_arrived",
        [S.IN_PRODUCTION, S.PARTIALLY_SHIPPED],
        S.COMPLETED,
        Party.SYSTEM,
        "все изделия у дилера",
    ),
)

BY_ACTION = {transition.action: transition for transition in TRANSITIONS}


class UnitStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", _("В производстве")
    READY = "ready", _("Готово")
    IN_DELIVERY = "in_delivery", _("В доставке")
    AT_DEALER = "at_dealer", _("У дилера")
    SOLD = "sold", _("Продано")


def russian_unit_status(status: str) -> str:
    """The unit status's Russian name, for messages and stored text whatever the reader's
    language (``UnitStatus`` labels follow it)."""
    with translation.override("ru"):
        return str(UnitStatus(status).label)


# unit action: (from, to, party of the order the unit is produced for)
UNIT_STEPS = {
    "ready": (UnitStatus.IN_PRODUCTION, UnitStatus.READY, Party.MODERATOR),
    "ship": (UnitStatus.READY, UnitStatus.IN_DELIVERY, Party.MODERATOR),
    "receive": (UnitStatus.IN_DELIVERY, UnitStatus.AT_DEALER, Party.BUYER),
    "sell": (UnitStatus.AT_DEALER, UnitStatus.SOLD, Party.BUYER),
}
LEFT_FACTORY = frozenset({UnitStatus.IN_DELIVERY, UnitStatus.AT_DEALER, UnitStatus.SOLD})
ARRIVED = frozenset({UnitStatus.AT_DEALER, UnitStatus.SOLD})


def transition(action: str) -> Transition:
    return BY_ACTION[action]


def applies(transition: Transition, *, sold_by_factory: bool) -> bool:
    if transition.scope == Scope.ANY:
        return True
    return (transition.scope == Scope.FACTORY) == sold_by_factory


def reachable_from(status: str) -> set[str]:
    """Every status the table can lead to from ``status`` (any party, any scope)."""
    seen: set[str] = set()
    frontier = [status]
    while frontier:
        current = frontier.pop()
        for item in TRANSITIONS:
            if current in item.sources and item.target and item.target not in seen:
                seen.add(item.target)
                frontier.append(item.target)
    return seen


def render_markdown() -> str:
    """The table as Markdown, for ``docs/orders-workflow.md`` (in Russian)."""
    with translation.override("ru"):
        return _markdown()


def _markdown() -> str:
    order = list(OrderStatus.values)
    rows = [
        "| действие | из статусов | в статус | кто | какие заказы |",
        "|---|---|---|---|---|",
    ]
    for item in TRANSITIONS:
        sources = ", ".join(
            f"{OrderStatus(s).label} (`{s}`)" for s in sorted(item.sources, key=order.index)
        )
        target = (
            f"{OrderStatus(item.target).label} (`{item.target}`)" if item.target else "не меняется"
        )
        rows.append(
            f"| {item.label} (`{item.action}`) | {sources} | {target} | "
            f"{Party(item.party).label} | {Scope(item.scope).label} |"
        )
    unit_rows = [
        "| действие | из статуса | в статус | кто |",
        "|---|---|---|---|",
    ]
    for action, (source, target, party) in UNIT_STEPS.items():
        unit_rows.append(
            f"| `{action}` | {UnitStatus(source).label} (`{source}`) | "
            f"{UnitStatus(target).label} (`{target}`) | {Party(party).label} |"
        )
    return "\n".join(rows) + "\n\nИзделия (единицы заказа):\n\n" + "\n".join(unit_rows) + "\n"
