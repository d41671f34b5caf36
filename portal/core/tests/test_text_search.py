import pytest

from portal.organisations.models import Organisation


@pytest.mark.parametrize("query", ["дилер а", "ДИЛЕР", "лер А", "Дилер_А"])
def test_case_insensitive_lookups_fold_cyrillic(world, query):
    matches = Organisation.objects.filter(name__icontains=query.replace("_", " "))
    assert world.dealer_a in matches


def test_iexact_folds_cyrillic_and_keeps_wildcards_literal(world):
    assert Organisation.objects.filter(name__iexact="дилер а").get() == world.dealer_a
    assert not Organisation.objects.filter(name__iexact="дилер %").exists()
    assert not Organisation.objects.filter(name__icontains="_").exists()
