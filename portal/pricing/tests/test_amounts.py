"""The written-once reads of amounts give what the ORM gives, as decimals, on both databases."""

from decimal import Decimal

from portal.catalog.models import Price
from portal.catalog.tests import builders
from portal.pricing.amounts import fixed_amounts, list_amounts
from portal.pricing.models import SubdealerFixedPrice


def test_list_and_fixed_amounts_are_the_orms(world):
    base, other = builders.price_type("Оптовая"), builders.price_type("Розничная")
    door = builders.product("Дверь", prices={base: "913.17", other: "1000"})
    window = builders.product("Окно", prices={base: "5000.5"})
    handle = builders.product("Ручка", prices={other: "12"})
    SubdealerFixedPrice.objects.create(dealer=world.dealer_a, offer=door, amount=Decimal("81.2"))
    SubdealerFixedPrice.objects.create(
        dealer=world.dealer_a, subdealer=world.sub_a1, offer=window, amount=Decimal("99.99")
    )
    SubdealerFixedPrice.objects.create(dealer=world.dealer_b, offer=door, amount=Decimal("1"))
    ids = [door.pk, window.pk, handle.pk]

    amounts = list_amounts(ids, base.pk)

    assert amounts == dict(
        Price.objects.filter(price_type=base, offer_id__in=ids).values_list("offer_id", "amount")
    )
    assert amounts == {door.pk: Decimal("913.17"), window.pk: Decimal("5000.50")}
    assert all(type(amount) is Decimal for amount in amounts.values())
    fixed = fixed_amounts(ids, world.dealer_a.pk)
    assert sorted(fixed) == sorted(
        SubdealerFixedPrice.objects.filter(dealer=world.dealer_a, offer_id__in=ids).values_list(
            "offer_id", "subdealer_id", "amount"
        )
    )
    assert sorted(fixed) == [
        (door.pk, None, Decimal("81.20")),
        (window.pk, world.sub_a1.pk, Decimal("99.99")),
    ]
    assert all(type(amount) is Decimal for *_, amount in fixed)
    assert list_amounts([], base.pk) == {} and fixed_amounts([], world.dealer_a.pk) == []
