"""POST /api/v1/balances/{id}/adjustments/: the factory accountant corrects a balance."""

from decimal import Decimal

from django.urls import reverse

from portal.billing.models import LedgerEntry, LedgerKind


def url(world):
    return reverse("api:balance-adjust", args=[world.legal_entities["dealer_a"].pk])


def test_accountant_adjusts_and_gets_the_new_balance(world, api):
    response = api("accountant").post(
        url(world),
        {"amount": "1500.00", "on": "2026-02-01", "reason": "Начальное сальдо"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["balance"] == "1500.00"
    entry = LedgerEntry.objects.get(kind=LedgerKind.ADJUSTMENT)
    assert (entry.amount, entry.description) == (Decimal("1500.00"), "Начальное сальдо")


def test_zero_amount_is_refused_in_russian(world, api):
    response = api("accountant").post(
        url(world), {"amount": "0", "on": "2026-02-01", "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "нулевой" in str(response.json())
    assert not LedgerEntry.objects.exists()


def test_dealer_cannot_adjust_its_own_balance(world, api):
    response = api("dealer_a_accountant").post(
        url(world), {"amount": "-9000", "on": "2026-02-01", "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    assert not LedgerEntry.objects.exists()
