"""The product list's written-out representation is DRF's own, field by field, for every
kind of card: priced or not, several offers, a promotion, no group, no VAT rate, withdrawn."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework import serializers

from portal.api.v1.catalog import OfferSerializer, PriceSerializer, ProductSerializer
from portal.catalog.models import Offer
from portal.catalog.selectors import product_list
from portal.catalog.tests import builders
from portal.pricing.cards import product_cards
from portal.pricing.models import DealerPriceAssignment, Promotion, SubdealerMarkup
from portal.pricing.resolver import PriceBook


class FieldByFieldPrice(PriceSerializer):
    to_representation = serializers.Serializer.to_representation


class FieldByFieldOffer(OfferSerializer):
    price = FieldByFieldPrice()
    to_representation = serializers.Serializer.to_representation


class FieldByFieldProduct(ProductSerializer):
    price = FieldByFieldPrice(allow_null=True)
    offers = FieldByFieldOffer(many=True)
    to_representation = serializers.Serializer.to_representation


@pytest.fixture
def catalog(world):
    base = builders.price_type("Оптовая")
    net = builders.price_type("Без НДС", vat_included=False)
    doors = builders.group("Двери")
    inner = builders.group("Межкомнатные", parent=doors)
    door = builders.product(
        "Дверь «Классик»", group=inner, prices={base: "913.17", net: "761.0049"}, article="DV-1"
    )
    builders.stock(door, builders.warehouse("Склад"), "3")
    second = Offer.objects.create(
        external_id="dv-1#white", product=door.product, name="Белая", article="DV-1-W"
    )
    builders.Price.objects.create(offer=second, price_type=base, amount=Decimal("1000.555"))
    builders.product("Ручка без группы", prices={base: "150"}, vat_rate=None)
    builders.product("Окно без цены", group=doors, article="OK-NP")
    builders.product("Снятая дверь", group=doors, prices={base: "90"}, is_active=False)
    builders.product("Новинка", group=doors, prices={base: "10"}, is_new=True)
    today = timezone.localdate()
    promotion = Promotion.objects.create(
        name="Неделя дверей",
        percent=Decimal("7.5"),
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=1),
    )
    promotion.groups.add(inner)
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("5"))
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("12.345"))
    return base, net


@pytest.mark.parametrize("who", ["factory_admin", "dealer_a_admin", "sub_a1_employee"])
def test_written_out_equals_field_by_field(world, catalog, who):
    actor = world.actor(who)
    book = PriceBook(organisation=actor.organisation, viewer=actor)
    products, _ = product_list(actor, price_type=book.price_type, page_size=50)
    cards = product_cards(book, products)
    assert len(cards) >= 4
    assert any(card.price is None for card in cards)
    assert any(len(card.offers) == 2 for card in cards)

    written = ProductSerializer(cards, many=True).data
    assert written == FieldByFieldProduct(cards, many=True).data
    assert ProductSerializer(cards[0]).data == FieldByFieldProduct(cards[0]).data
    if who != "factory_admin":
        assert any(row["is_promo"] for row in written)
