"""A Hypothesis state machine over orders, units, invoices and payments.

Dealers and a sub-dealer create orders; sellers confirm, reject, cancel, bundle, hand them to
1C and start production; units are marked ready, shipped, received, sold; the accountant
issues invoices and cancels them; payments arrive typed in, from a bank statement or from a
1C file, are applied and reversed. Whatever the sequence, after every step:

- every legal entity's balance is the sum of its ledger movements, and that is what its live
  invoices minus its received payments say;
- no allocation exceeds what its invoice or payment had open; per invoice the allocations
  sum to its paid amount (at most its total), per payment to at most its amount;
- every unit's history is a path of the unit workflow ending in its status, and every order's
  status history a path of the order workflow;
- an order's payment status (one order and the list annotation alike) is what its invoices'
  allocations say.

Steps call the services directly (no HTTP); the world is built once, and each example runs in
a savepoint rolled back at its end. A refused step (DomainError) must keep the invariants too.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from portal.billing import ledger
from portal.billing.imports.bank import payments_import_bank
from portal.billing.imports.onec import payments_import_1c
from portal.billing.models import (
    Allocation,
    Invoice,
    InvoiceOrder,
    InvoiceStatus,
    LedgerEntry,
    Payment,
    PaymentStatus,
)
from portal.billing.order_status import with_payment_status
from portal.billing.services.invoices import invoice_cancel, invoice_issue_for_order
from portal.billing.services.payments import payment_allocate, payment_register, payment_reverse
from portal.billing.tests import builders as billing
from portal.catalog.tests import builders as catalog
from portal.core.errors import DomainError
from portal.orders import services
from portal.orders.models import Order, OrderEvent, OrderUnit, UnitEvent
from portal.orders.payments import PaymentState, payment_status
from portal.orders.workflow import TRANSITIONS, UNIT_STEPS, OrderStatus, UnitStatus
from portal.organisations.actor import Actor
from portal.organisations.models import LegalEntity, OrganisationKind
from portal.pricing.models import SubdealerMarkup
from tests.world import build_world

ZERO = Decimal("0.00")
ARTICLES = ("DV-100", "OK-200", "FT-1")
BUYERS = ("dealer_a_employee", "dealer_b_admin", "sub_a1_employee")
PAYERS = ("dealer_a", "dealer_b")
UNIT_MOVES = {(source, target) for source, target, _party in UNIT_STEPS.values()}
SUBMITTED = tuple(status for status in OrderStatus.values if status != OrderStatus.DRAFT)
ADVANCING = (OrderStatus.DRAFT, OrderStatus.ON_MODERATION, OrderStatus.CONFIRMED)
UNIT_VERBS = {
    "ready": services.units_mark_ready,
    "ship": services.units_ship,
    "receive": services.units_receive,
    "sell": services.units_mark_sold,
}
ORDER_MOVES = {(s, t.target) for t in TRANSITIONS if t.target for s in t.sources}

money = st.decimals(min_value=Decimal("1"), max_value=Decimal("40000"), places=2)
pick = st.integers(min_value=0, max_value=10_000)


class World:
    """Built once per test: the dealer trees, the factory's bank details, a priced catalog."""

    def __init__(self, folder: Path):
        self.world = build_world()
        factory = self.world.legal_entities["factory"]
        for name, value in billing.BANK.items():
            setattr(factory, name, value)
        factory.save()
        base = catalog.price_type("Оптовая")
        group = catalog.group("Двери и окна")
        for article, name, price in zip(
            ARTICLES, ("Дверь", "Окно", "Ручка"), ("10000", "5000", "150.50"), strict=True
        ):
            catalog.product(name, group=group, prices={base: price}, article=article)
        SubdealerMarkup.objects.create(dealer=self.world.dealer_a, percent=Decimal("10"))
        self.actors = {
            name: self.world.actor(name)
            for name in (*BUYERS, "factory_admin", "accountant", "dealer_a_admin")
        }
        self.entities = {key: self.world.legal_entities[key].pk for key in PAYERS}
        self.folder = folder  # where the 1C files of the steps are written


def one_c_payment(path: Path, order: Order, amount: Decimal, number: str) -> Path:
    """A 1C documents file reporting ``order`` paid; 1C keeps one document «Ид» per order."""
    today = timezone.localdate()
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.05">'
        f"<Документ><Ид>doc-{order.pk}</Ид><Номер>{order.number}</Номер>"
        f"<Номер1С>ЗАВ-{order.pk}</Номер1С><Дата1С>{today}</Дата1С><Сумма>{amount}</Сумма>"
        "<ЗначенияРеквизитов><ЗначениеРеквизита><Наименование>Номер оплаты по 1С</Наименование>"
        f"<Значение>{number}</Значение></ЗначениеРеквизита></ЗначенияРеквизитов>"
        "</Документ></КоммерческаяИнформация>",
        encoding="utf-8",
    )
    return path


def chosen(ids: list[int], index: int) -> int | None:
    return ids[index % len(ids)] if ids else None


class MoneyMachine(RuleBasedStateMachine):
    """Rules act on what exists (their preconditions read the census the invariants take
    after every step), so a 30-step run gets from a new order to sold units and paid
    invoices instead of wasting steps on nothing."""

    shared: World  # set by the test

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        self.actors = self.shared.actors
        self.today = timezone.localdate()
        self.payment_files = 0
        # the census: order → (status, sold by the factory, buyer); unit → (status, order)
        self.orders: dict[int, tuple[str, bool, int]] = {}
        self.units: dict[int, tuple[str, int]] = {}
        self.invoices: list[int] = []
        self.payments: list[int] = []

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    # --- helpers -------------------------------------------------------------------------

    def attempt(self, call, *args, **kwargs):
        """A business refusal is a legal outcome of a step; anything else fails the test."""
        try:
            return call(*args, **kwargs)
        except DomainError:
            return None

    def order_ids(self, *statuses: str, factory: bool | None = None) -> list[int]:
        return sorted(
            pk
            for pk, (status, by_factory, _buyer) in self.orders.items()
            if status in statuses and factory in (None, by_factory)
        )

    def moderator(self, order_id: int) -> Actor:
        return self.actors["factory_admin" if self.orders[order_id][1] else "dealer_a_admin"]

    def buyer(self, order_id: int) -> Actor:
        world, buyer_id = self.shared.world, self.orders[order_id][2]
        if buyer_id == world.sub_a1.pk:
            return self.actors["sub_a1_employee"]
        if buyer_id == world.dealer_a.pk:
            return self.actors["dealer_a_employee"]
        return self.actors["dealer_b_admin"]

    # --- orders --------------------------------------------------------------------------

    @rule(
        who=st.sampled_from(BUYERS),
        lines=st.lists(
            st.tuples(st.sampled_from(ARTICLES), st.integers(1, 4)), min_size=1, max_size=3
        ),
        submit=st.booleans(),
    )
    def create_order(self, who, lines, submit):
        text = "\n".join(f"{article} {quantity}" for article, quantity in lines)
        result = services.order_create_quick(actor=self.actors[who], text=text)
        assert result.order is not None, result.errors
        if submit:
            services.order_submit(actor=self.actors[who], order_id=result.order.pk)

    def advancing(self) -> list[int]:
        """Orders a person moves on next (a bundled sub-dealer order follows its dealer's)."""
        return sorted(
            {*self.order_ids(*ADVANCING), *self.order_ids(OrderStatus.MODERATED, factory=True)}
        )

    @precondition(lambda self: self.advancing())
    @rule(index=pick, steps=st.integers(1, 4), reject=st.integers(0, 5))
    def advance_order(self, index, steps, reject):
        """Up to ``steps`` next verbs of the workflow for an order on its way: submit, confirm
        (or, one time in six, reject), hand to 1C or bundle into the dealer's order, start
        production."""
        order_id = chosen(self.advancing(), index)
        seller, by_factory = self.moderator(order_id), self.orders[order_id][1]
        for _ in range(steps):
            status = Order.objects.values_list("status", flat=True).get(pk=order_id)
            if status == OrderStatus.DRAFT:
                services.order_submit(actor=self.buyer(order_id), order_id=order_id)
            elif status == OrderStatus.ON_MODERATION and not reject:
                services.order_reject(actor=seller, order_id=order_id, reason="Нет мощностей")
            elif status == OrderStatus.ON_MODERATION:
                services.order_confirm(actor=seller, order_id=order_id)
            elif status == OrderStatus.CONFIRMED and by_factory:
                services.order_hand_to_1c(actor=seller, order_id=order_id)
            elif status == OrderStatus.CONFIRMED:
                services.subdealer_orders_bundle(actor=seller, order_ids=[order_id])
            elif status == OrderStatus.MODERATED and by_factory:
                services.order_start_production(actor=seller, order_id=order_id)
            else:
                return  # rejected, bundled (it follows its dealer's order now), in production

    @precondition(lambda self: self.orders)
    @rule(index=pick, by_seller=st.booleans())
    def cancel_order(self, index, by_seller):
        """Any order by its buyer, any submitted one by its seller (who never sees drafts):
        the workflow decides, refusals are expected."""
        order_id = chosen(self.order_ids(*(SUBMITTED if by_seller else OrderStatus.values)), index)
        if order_id is not None:
            actor = self.moderator(order_id) if by_seller else self.buyer(order_id)
            self.attempt(services.order_cancel, actor=actor, order_id=order_id, reason="тест")

    @precondition(lambda self: any(s != UnitStatus.SOLD for s, _order in self.units.values()))
    @rule(index=pick, size=st.integers(1, 3), steps=st.integers(1, 3), again=st.integers(0, 9))
    def move_units(self, index, size, steps, again):
        """Up to ``size`` units of one order (in one status) up to ``steps`` steps on: ready,
        shipped, received, sold. One time in ten a step is repeated on the units already past
        it, which must be refused."""
        unit_id = chosen(
            sorted(pk for pk, (s, _o) in self.units.items() if s != UnitStatus.SOLD), index
        )
        source, order_id = self.units[unit_id]
        units = sorted(pk for pk, unit in self.units.items() if unit == (source, order_id))[:size]
        for _ in range(steps):
            if source == UnitStatus.SOLD:
                return
            step = next(name for name, (frm, _to, _party) in UNIT_STEPS.items() if frm == source)
            seller_step = step in ("ready", "ship")
            kwargs = {
                "actor": self.moderator(order_id) if seller_step else self.buyer(order_id),
                "order_id": order_id,
                "unit_ids": units,
            }
            if step == "ship":
                kwargs["shipment_document"] = f"Р-{index}"
            UNIT_VERBS[step](**kwargs)
            if not again:
                self.attempt(UNIT_VERBS[step], **kwargs)
            source = UNIT_STEPS[step][1]

    # --- money ---------------------------------------------------------------------------

    @precondition(lambda self: self.order_ids(*SUBMITTED, factory=True))
    @rule(index=pick)
    def issue_invoice(self, index):
        """Any submitted order to the factory: unconfirmed, closed and already invoiced ones are
        refused (the accountant does not see drafts at all)."""
        order_id = chosen(self.order_ids(*SUBMITTED, factory=True), index)
        self.attempt(invoice_issue_for_order, actor=self.actors["accountant"], order_id=order_id)

    @precondition(lambda self: self.invoices)
    @rule(index=pick)
    def cancel_invoice(self, index):
        invoice_id = chosen(self.invoices, index)
        self.attempt(invoice_cancel, actor=self.actors["accountant"], invoice_id=invoice_id)

    @rule(
        source=st.sampled_from(("portal", "bank", "1c")),
        payer=st.sampled_from(PAYERS),
        amount=money,
        index=pick,
    )
    def pay(self, source, payer, amount, index):
        """A payment typed in, a bank statement row (its purpose may name an open invoice of
        the payer), or 1C reporting an order paid (1C makes the invoice from the order when
        the portal has none; its document keeps one «Ид» per order)."""
        entity = LegalEntity.objects.get(pk=self.shared.entities[payer])
        accountant = self.actors["accountant"]
        if source == "portal":
            payment_register(actor=accountant, payer_id=entity.pk, amount=amount, on=self.today)
        elif source == "bank":
            numbers = list(
                Invoice.objects.open().filter(buyer=entity).values_list("number", flat=True)
            )
            named = chosen(numbers, index) if index % 2 else None
            purpose = f"Оплата по счёту № {named}" if named else "Оплата по договору"
            content = (
                "Дата;Сумма;ИНН плательщика;Номер;Назначение платежа\n"
                f"{self.today:%d.%m.%Y};{amount};{entity.inn};{index};{purpose}\n"
            ).encode()
            payments_import_bank(actor=accountant, content=content, name="statement.csv")
        else:
            order_id = chosen(self.order_ids(*SUBMITTED, factory=True), index)
            if order_id is not None:
                self.pay_by_1c(Order.objects.get(pk=order_id), amount)

    def pay_by_1c(self, order: Order, amount: Decimal) -> None:
        self.payment_files += 1
        path = self.shared.folder / f"documents-{self.payment_files}.xml"
        one_c_payment(path, order, amount, f"П-{self.payment_files}")
        payments_import_1c(actor=self.actors["accountant"], path=path, name=path.name)

    @precondition(lambda self: self.payments)
    @rule(
        index=pick, target_index=pick, part=st.one_of(st.none(), money), reverse=st.integers(0, 3)
    )
    def allocate_or_reverse(self, index, target_index, part, reverse):
        """The free rest of a payment to the oldest invoices or to one (optionally a part);
        one time in four the payment is reversed instead."""
        payment_id = chosen(self.payments, index)
        accountant = self.actors["accountant"]
        if not reverse:
            self.attempt(payment_reverse, actor=accountant, payment_id=payment_id, reason="возврат")
            return
        invoice_id = chosen(self.invoices, target_index) if target_index % 3 else None
        self.attempt(
            payment_allocate,
            actor=accountant,
            payment_id=payment_id,
            invoice_id=invoice_id,
            amount=part if invoice_id else None,
        )

    # --- invariants (few queries each: they run after every step) -----------------------

    @invariant()
    def money_adds_up(self):
        """Balances, allocations, invoices' paid amounts and statuses, orders' payment status."""
        movements = defaultdict(lambda: ZERO)
        for entity_id, amount in LedgerEntry.objects.values_list("legal_entity_id", "amount"):
            movements[entity_id] += amount
        by_invoice, by_payment = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
        for payment_id, invoice_id, amount in Allocation.objects.values_list(
            "payment_id", "invoice_id", "amount"
        ):
            assert amount > 0
            by_invoice[invoice_id] += amount
            by_payment[payment_id] += amount
        documents = defaultdict(lambda: ZERO)  # live invoices − received payments, per payer
        live: dict[int, Decimal] = {}  # invoice → total
        self.invoices, self.payments = [], []
        for pk, buyer_id, total, paid_amount, status in Invoice.objects.values_list(
            "pk", "buyer_id", "total", "paid_amount", "status"
        ).order_by("pk"):
            self.invoices.append(pk)
            paid = by_invoice[pk]
            assert paid == paid_amount <= total
            if status == InvoiceStatus.CANCELLED:
                assert paid == 0
                continue
            documents[buyer_id] += total
            live[pk] = total
            expected = (
                InvoiceStatus.ISSUED
                if paid == 0
                else InvoiceStatus.PAID
                if paid == total
                else InvoiceStatus.PARTIALLY_PAID
            )
            assert status == expected, (pk, status, paid)
        for pk, payer_id, amount, status in Payment.objects.values_list(
            "pk", "payer_id", "amount", "status"
        ).order_by("pk"):
            self.payments.append(pk)
            if status == PaymentStatus.RECEIVED:
                documents[payer_id] -= amount
                assert by_payment[pk] <= amount
            else:
                assert by_payment[pk] == 0
        for entity_id in self.shared.entities.values():
            assert ledger.balance(entity_id) == movements[entity_id] == documents[entity_id]
        self.orders_are_paid_as_their_invoices_say(live, by_invoice)

    def orders_are_paid_as_their_invoices_say(self, live: dict, by_invoice: dict):
        parts, order_paid = defaultdict(lambda: [ZERO, ZERO]), defaultdict(lambda: ZERO)
        for invoice_id, order_id, amount, paid in InvoiceOrder.objects.exclude(
            invoice__status=InvoiceStatus.CANCELLED
        ).values_list("invoice_id", "order_id", "amount", "paid_amount"):
            parts[invoice_id][0] += amount
            parts[invoice_id][1] += paid
            order_paid[order_id] += paid
        for invoice_id, total in live.items():  # its orders' parts add up to the invoice
            assert parts[invoice_id] == [total, by_invoice[invoice_id]]
        invoiced = with_payment_status(Order.objects.filter(pk__in=list(order_paid)))
        for order in invoiced:
            paid = order_paid[order.pk]
            status = payment_status(order)
            assert status.paid == order.paid_amount == paid
            assert status.state == order.payment_state
            if paid == 0:
                assert status.state == PaymentState.UNPAID
            elif paid >= order.total:
                assert status.state == PaymentState.PAID
            else:
                assert status.state == PaymentState.PARTIALLY_PAID

    @invariant()
    def histories_are_workflow_paths(self):
        """Each unit's events lead from «in production» to its status by the unit steps; each
        order's status events from «draft» to its status by the workflow table. (Takes the
        census of orders and units on the way.)"""
        self.units = {
            pk: (status, order_id)
            for pk, status, order_id in OrderUnit.objects.values_list(
                "pk", "status", "line__order_id"
            )
        }
        self.orders = {
            pk: (status, kind == OrganisationKind.FACTORY, buyer_id)
            for pk, status, kind, buyer_id in Order.objects.values_list(
                "pk", "status", "seller__kind", "buyer_id"
            )
        }
        unit_events = UnitEvent.objects.values_list("unit_id", "from_status", "to_status")
        order_events = OrderEvent.objects.exclude(to_status="").values_list(
            "order_id", "from_status", "to_status"
        )
        for events, census, start, moves in (
            (unit_events, self.units, UnitStatus.IN_PRODUCTION, UNIT_MOVES),
            (order_events, self.orders, OrderStatus.DRAFT, ORDER_MOVES),
        ):
            paths = defaultdict(list)
            for owner, source, target in events.order_by("pk"):
                paths[owner].append((source, target))
            for owner, (status, *_rest) in census.items():
                current = start
                for source, target in paths[owner]:
                    assert source == current and (source, target) in moves, paths[owner]
                    current = target
                assert current == status, (owner, paths[owner], status)


# Derandomized: CI runs the same sequences every time, so a failure reproduces (and no
# example database replays an earlier local failure first). To explore further, run it locally
# with derandomize=False and more examples. CI's PostgreSQL pass runs the 200 × 30 of the proof;
# the SQLite pass (the README's everyday command) the first quarter of them, which keeps CI
# within its time budget.
PROOF_EXAMPLES = 200
MACHINE_SETTINGS = settings(
    max_examples=PROOF_EXAMPLES if connection.vendor == "postgresql" else PROOF_EXAMPLES // 4,
    stateful_step_count=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_the_machine_runs_the_same_sequences_every_time():
    assert MACHINE_SETTINGS.derandomize and MACHINE_SETTINGS.database is None
    assert MACHINE_SETTINGS.stateful_step_count >= 30
    if connection.vendor == "postgresql":
        assert MACHINE_SETTINGS.max_examples >= PROOF_EXAMPLES


@pytest.mark.long
@pytest.mark.django_db
def test_orders_invoices_and_payments_keep_their_invariants(tmp_path):
    MoneyMachine.shared = World(tmp_path)
    run_state_machine_as_test(MoneyMachine, settings=MACHINE_SETTINGS)


@pytest.mark.django_db
def test_a_1c_payment_of_an_order_whose_1c_invoice_was_cancelled_is_skipped(world, tmp_path):
    """Found by the machine: 1C made the order's invoice, the portal cancelled it, 1C reports
    another payment of the same order. Making the invoice again under 1C's taken «Ид» broke
    the whole file with a database error; now that document is skipped with the reason."""
    factory = world.legal_entities["factory"]
    for name, value in billing.BANK.items():
        setattr(factory, name, value)
    factory.save()
    made = billing.order(world, lines=[("Дверь", "1", "1000.00", "20")])
    accountant = world.actor("accountant")
    first = one_c_payment(tmp_path / "first.xml", made, Decimal("400.00"), "П-1")
    assert payments_import_1c(actor=accountant, path=first, name=first.name).created == 1
    invoice_cancel(actor=accountant, invoice_id=Invoice.objects.get().pk, reason="ошибка")
    stored = [Invoice.objects.count(), Payment.objects.count(), LedgerEntry.objects.count()]

    again = one_c_payment(tmp_path / "again.xml", made, Decimal("600.00"), "П-2")
    report = payments_import_1c(actor=accountant, path=again, name=again.name)

    assert (report.created, report.unchanged) == (0, 0)
    [reason] = report.skipped
    assert "отменён на портале" in reason and "оплата не записана" in reason
    assert [Invoice.objects.count(), Payment.objects.count(), LedgerEntry.objects.count()] == stored
