"""The credit check at submission: block or warn, saying by how much."""

from decimal import Decimal

from django.utils import timezone, translation

from portal.billing.credit import credit_check
from portal.billing.models import CreditLimit, CreditMode
from portal.billing.services.credit import credit_limit_set
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.orders.workflow import OrderStatus

from .builders import order


def test_without_a_limit_every_order_passes(world):
    assert credit_check(order(world, status=OrderStatus.DRAFT)).ok


def test_block_mode_refuses_and_names_the_excess(world):
    CreditLimit.objects.create(
        organisation=world.dealer_a, amount=Decimal("25000"), mode=CreditMode.BLOCK
    )
    invoiced = order(world, lines=[("Дверь", "1", "10000.00", "20")])
    invoice_issue_for_order(actor=world.actor("accountant"), order_id=invoiced.pk)
    order(world, status=OrderStatus.ON_MODERATION, lines=[("Окно", "1", "5000.00", "20")])
    draft = order(world, status=OrderStatus.DRAFT, lines=[("Дверь", "1", "22345.67", "20")])

    decision = credit_check(draft)

    assert not decision.ok
    assert decision.excess == Decimal("12345.67")  # 10 000 + 5 000 + 22 345,67 − 25 000
    assert "превышает кредитный лимит на 12\u202f345,67 ₽" in decision.message
    assert "лимит 25\u202f000,00 ₽" in decision.message


def test_payments_free_the_limit(world):
    CreditLimit.objects.create(organisation=world.dealer_a, amount=Decimal("10000"))
    invoiced = order(world, lines=[("Дверь", "1", "10000.00", "20")])
    invoice_issue_for_order(actor=world.actor("accountant"), order_id=invoiced.pk)
    draft = order(world, status=OrderStatus.DRAFT, lines=[("Ручка", "1", "100.00", "20")])
    assert not credit_check(draft).ok
    payment_register(
        actor=world.actor("accountant"),
        payer_id=world.legal_entities["dealer_a"].pk,
        amount=Decimal("100"),
        on=timezone.localdate(),
    )
    assert credit_check(draft).ok


def test_warn_mode_lets_the_order_through_with_the_message(world):
    CreditLimit.objects.create(
        legal_entity=world.legal_entities["dealer_a"], amount=Decimal("1000"), mode=CreditMode.WARN
    )
    draft = order(world, status=OrderStatus.DRAFT, lines=[("Дверь", "1", "1500.50", "20")])
    decision = credit_check(draft)
    assert decision.ok
    assert decision.message.startswith("Внимание: заказ превышает кредитный лимит на 500,50 ₽")


def test_the_order_services_ask_billing(world):
    """``portal.orders.credit.check_credit`` (called by order_submit) delegates here."""
    from portal.orders.credit import check_credit

    CreditLimit.objects.create(organisation=world.dealer_a, amount=Decimal("0"))
    result = check_credit(order(world, status=OrderStatus.DRAFT))
    assert not result.ok and "превышает кредитный лимит на 20\u202f000,00 ₽" in result.message


def test_the_factory_sets_limits(world):
    import pytest

    from portal.core.errors import DomainError, PermissionDenied

    entity = world.legal_entities["dealer_a"]
    for who in ("manager_a", "dealer_a_admin", "dealer_a_accountant"):
        with pytest.raises(PermissionDenied):
            credit_limit_set(
                actor=world.actor(who), legal_entity_id=entity.pk, scope="dealer", amount=Decimal(1)
            )
    with pytest.raises(DomainError, match="не может быть отрицательным"):
        credit_limit_set(
            actor=world.actor("accountant"),
            legal_entity_id=entity.pk,
            scope="dealer",
            amount=Decimal(-1),
        )
    credit_limit_set(
        actor=world.actor("accountant"),
        legal_entity_id=entity.pk,
        scope="dealer",
        amount=Decimal("100000"),
        mode=CreditMode.WARN,
    )
    credit_limit_set(
        actor=world.actor("factory_admin"),
        legal_entity_id=entity.pk,
        scope="legal_entity",
        amount=Decimal("5000"),
    )
    assert CreditLimit.objects.get(organisation=world.dealer_a).mode == CreditMode.WARN
    assert CreditLimit.objects.get(legal_entity=entity).amount == Decimal("5000.00")
    credit_limit_set(
        actor=world.actor("accountant"),
        legal_entity_id=entity.pk,
        scope="legal_entity",
        amount=None,
    )
    assert not CreditLimit.objects.filter(legal_entity=entity).exists()


def test_submission_blocks_or_warns_through_the_order_service(world):
    import pytest

    from portal.core.errors import DomainError
    from portal.orders import services
    from portal.orders.models import EventKind, Order

    limit = CreditLimit.objects.create(
        organisation=world.dealer_a, amount=Decimal("1000"), mode=CreditMode.BLOCK
    )
    draft = order(world, status=OrderStatus.DRAFT, lines=[("Дверь", "1", "1500.50", "20")])
    with pytest.raises(DomainError, match="превышает кредитный лимит на 500,50 ₽") as refused:
        services.order_submit(actor=world.actor("dealer_a_admin"), order_id=draft.pk)
    assert refused.value.field == "credit"
    assert Order.objects.get(pk=draft.pk).status == OrderStatus.DRAFT

    limit.mode = CreditMode.WARN
    limit.save()
    submitted = services.order_submit(actor=world.actor("dealer_a_admin"), order_id=draft.pk)
    assert submitted.status == OrderStatus.ON_MODERATION
    assert "500,50 ₽" in submitted.credit_warning
    event = submitted.events.get(kind=EventKind.SUBMITTED)
    assert "500,50 ₽" in event.text


def test_the_stored_warning_is_russian_whoever_submits(world):
    """The message stays with the order and its history: Russian amounts in any language."""
    from portal.orders import services

    CreditLimit.objects.create(
        organisation=world.dealer_a, amount=Decimal("1000"), mode=CreditMode.WARN
    )
    draft = order(world, status=OrderStatus.DRAFT, lines=[("Дверь", "1", "2500.50", "20")])
    with translation.override("en"):
        submitted = services.order_submit(actor=world.actor("dealer_a_admin"), order_id=draft.pk)
    assert "на 1\u202f500,50 ₽ (лимит 1\u202f000,00 ₽" in submitted.credit_warning
