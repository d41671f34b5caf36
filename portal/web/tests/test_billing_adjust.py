"""The factory accountant corrects a balance from its page; nobody else can."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.billing.balances import balance_of
from portal.billing.models import LedgerEntry, LedgerKind


def adjust_url(world, key="dealer_a"):
    return reverse("billing:adjust", args=[world.legal_entities[key].pk])


def test_accountant_adjusts_and_the_statement_shows_it(world):
    entity = world.legal_entities["dealer_a"]
    client = world.client("accountant")
    page = client.get(reverse("billing:balance", args=[entity.pk])).content.decode()
    assert adjust_url(world) in page
    response = client.post(
        adjust_url(world),
        {"amount": "-1250.50", "on": "2026-01-15", "reason": "Начальное сальдо из 1С"},
    )
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(legal_entity=entity, kind=LedgerKind.ADJUSTMENT)
    assert entry.amount == Decimal("-1250.50")
    assert balance_of(entity).balance == Decimal("-1250.50")  # an advance, no debt
    assert AuditEvent.objects.filter(action="ledger_adjusted").exists()
    statement = client.get(
        reverse("billing:balance", args=[entity.pk]),
        {"date_from": "2026-01-01", "date_to": "2026-01-31"},
    ).content.decode()
    assert "Начальное сальдо из 1С" in statement


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "0", "on": "2026-01-15", "reason": "x"}, "не может быть нулевой"),
        ({"amount": "10", "on": "2026-01-15", "reason": " "}, "Обязательное поле"),
        ({"amount": "abc", "on": "2026-01-15", "reason": "x"}, "Введите число"),
    ],
)
def test_bad_adjustment_is_refused_with_a_message(world, data, message):
    response = world.client("accountant").post(adjust_url(world), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("who", ["factory_admin", "manager_a", "dealer_a_accountant"])
def test_only_the_factory_accountant_adjusts(world, who):
    client = world.client(who)
    assert client.get(adjust_url(world)).status_code == 403
    response = client.post(adjust_url(world), {"amount": "5", "on": "2026-01-15", "reason": "x"})
    assert response.status_code == 403
    assert not LedgerEntry.objects.exists()
    page = client.get(reverse("billing:balance", args=[world.legal_entities["dealer_a"].pk]))
    assert adjust_url(world) not in page.content.decode()
