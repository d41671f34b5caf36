"""Orders ready to be invoiced, built straight in the database (the order workflow has its own
tests); lines carry the snapshot the order services would have written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils import timezone

from portal.billing.money import line_total, vat_included
from portal.orders.models import Order, OrderLine
from portal.orders.workflow import OrderStatus

_numbers = iter(range(1, 1_000_000))

BANK = {
    "bank_name": "ПАО СБЕРБАНК",
    "bik": "044525225",
    "corr_account": "30101810400000000225",
    "account": "40702810500000001001",
}


def order(
    world,
    *,
    buyer: str = "dealer_a",
    lines=(("Дверь «Классик»", "2", "10000.00", "20"),),
    status: str = OrderStatus.CONFIRMED,
    number: str | None = None,
) -> Order:
    """An order of ``buyer`` to the factory; ``lines`` are (name, quantity, price, VAT rate)."""
    author = {"dealer_a": "dealer_a_admin", "dealer_b": "dealer_b_admin"}[buyer]
    made = Order.objects.create(
        number=number or f"{timezone.localdate().year}-{next(_numbers):06d}",
        status=status,
        buyer=world.orgs[buyer],
        seller=world.factory,
        legal_entity=world.legal_entities[buyer],
        author=world.users[author],
        submitted_at=timezone.now(),
        rejection_reason="нет в производстве" if status == OrderStatus.REJECTED else "",
    )
    total = vat_total = Decimal("0.00")
    for position, (name, quantity, price, rate) in enumerate(lines, start=1):
        quantity, price = Decimal(quantity), Decimal(price)
        rate = Decimal(rate) if rate is not None else None
        amount = line_total(quantity, price)
        vat = vat_included(amount, rate)
        OrderLine.objects.create(
            order=made,
            position=position,
            name=name,
            quantity=quantity,
            unit_price=price,
            vat_rate=rate,
            vat_amount=vat,
            line_total=amount,
        )
        total += amount
        vat_total += vat
    made.total, made.vat_total, made.subtotal = total, vat_total, total - vat_total
    made.save(update_fields=["total", "vat_total", "subtotal"])
    return made


def days_ago(days: int) -> date:
    return timezone.localdate() - timezone.timedelta(days=days)
