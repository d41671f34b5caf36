"""The home pages' balances of many legal entities at once give, for each of them, the very
figures of ``portal.billing.balances.balance_of`` — and only the legal entities the actor
may see the money of."""

from decimal import Decimal

import pytest

from portal.billing import overview as money
from portal.billing.balances import balance_of
from portal.billing.models import CreditMode
from portal.billing.services.credit import credit_limit_set
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.billing.tests.builders import days_ago
from portal.orders import services
from portal.organisations.models import LegalEntity

from .home_story import money_story, orders_story
from .orders_helpers import submitted


@pytest.fixture
def ledger(world):
    """Dealer A: an overdue, partly paid invoice and a shared dealer limit (money_story), and a
    second legal entity with its own limit («block») and a fresh invoice; dealer B: an
    advance and an order not invoiced yet."""
    story = orders_story(world)
    money_story(world, story)
    south = LegalEntity.objects.create(
        organisation=world.dealer_a, name="ООО «Дилер А Юг»", inn="7700020020", kpp="770001001"
    )
    order = submitted(world, "dealer_a_admin", [(story.shop.door, "2")], legal_entity_id=south.pk)
    services.order_confirm(actor=world.actor("manager_a"), order_id=order.pk)
    accountant = world.actor("accountant")
    invoice_issue_for_order(actor=accountant, order_id=order.pk)
    credit_limit_set(
        actor=accountant,
        legal_entity_id=south.pk,
        scope="legal_entity",
        amount=Decimal("15000.00"),
        mode=CreditMode.BLOCK,
    )
    payment_register(
        actor=accountant,
        payer_id=world.legal_entities["dealer_b"].pk,
        amount=Decimal("777.77"),
        on=days_ago(1),
    )
    return story


@pytest.mark.parametrize("who", ["accountant", "factory_admin", "manager_a", "dealer_a_admin"])
def test_bulk_balances_agree_with_balance_of(world, ledger, who):
    rows = money.balances(world.actor(who))
    assert rows
    for row in rows:
        single = balance_of(LegalEntity.objects.get(pk=row.legal_entity_id))
        assert (row.balance, row.overdue) == (single.balance, single.overdue), row.name
        assert (row.credit_limit, row.credit_mode) == (single.credit_limit, single.credit_mode)
        if single.credit_limit is not None:
            assert row.credit_used == single.credit_used, row.name


def test_each_actor_gets_only_the_legal_entities_it_may_see(world, ledger):
    names = {
        who: {row.name for row in money.balances(world.actor(who))}
        for who in ("accountant", "manager_a", "manager_b", "dealer_a_accountant", "dealer_b_admin")
    }
    dealer_a = {"ООО «Дилер А»", "ООО «Дилер А Юг»"}
    assert names["accountant"] == dealer_a | {"ООО «Дилер Б»"}
    assert names["manager_a"] == names["dealer_a_accountant"] == dealer_a
    assert names["manager_b"] == names["dealer_b_admin"] == {"ООО «Дилер Б»"}
    assert money.balances(world.actor("sub_a1_admin")) == []


def test_credit_lines_and_the_exceeded_ones(world, ledger):
    rows = money.balances(world.actor("accountant"))
    lines = {(line.organisation_name, line.scope): line for line in money.credit_lines(rows)}
    shared, south = lines[("Дилер А", "")], lines[("Дилер А", "ООО «Дилер А Юг»")]
    assert (shared.limit, shared.blocks_orders) == (Decimal("5000.00"), False)
    assert (south.limit, south.blocks_orders) == (Decimal("15000.00"), True)
    assert south.used == Decimal("20000.00") and south.excess == Decimal("5000.00")
    exceeded = money.over_limit(rows)
    assert exceeded == sorted(exceeded, key=lambda line: -line.excess)
    assert {line.scope for line in exceeded} == {"", "ООО «Дилер А Юг»"}


def test_advance_is_not_debt(world, ledger):
    rows = {row.name: row for row in money.balances(world.actor("dealer_b_admin"))}
    row = rows["ООО «Дилер Б»"]
    assert row.balance == Decimal("-777.77") and row.advance == Decimal("777.77")
    assert row.debt == Decimal("0.00")
    dealers = money.by_dealer(money.balances(world.actor("accountant")))
    assert dealers[world.dealer_b.pk].debt == Decimal("0.00")
