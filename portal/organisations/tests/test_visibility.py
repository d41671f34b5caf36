import pytest

from portal.organisations.models import LegalEntity, Organisation


def names(qs):
    return sorted(o.name for o in qs)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("factory_admin", ["Дилер А", "Дилер Б", "Завод", "Субдилер А1", "Субдилер Б1"]),
        ("accountant", ["Дилер А", "Дилер Б", "Завод", "Субдилер А1", "Субдилер Б1"]),
        ("manager_a", ["Дилер А", "Завод", "Субдилер А1"]),
        ("manager_b", ["Дилер Б", "Завод", "Субдилер Б1"]),
        ("dealer_a_admin", ["Дилер А", "Завод", "Субдилер А1"]),
        ("dealer_a_employee", ["Дилер А", "Завод", "Субдилер А1"]),
        ("sub_a1_employee", ["Дилер А", "Субдилер А1"]),
        ("dealer_b_admin", ["Дилер Б", "Завод", "Субдилер Б1"]),
    ],
)
def test_organisations_visible_to(world, who, expected):
    assert names(Organisation.objects.visible_to(world.actor(who))) == expected


def test_sub_dealer_never_sees_another_sub_dealer_or_the_stranger(world):
    actor = world.actor("sub_a1_admin")
    visible = LegalEntity.objects.visible_to(actor)
    assert {e.organisation.name for e in visible} == {"Дилер А", "Субдилер А1"}
