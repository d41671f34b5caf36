"""Ways to create an order: the cart, a quick order, a copy with today's prices, a
configuration copied into the line."""

from decimal import Decimal

import pytest

from portal.catalog.configurator.models import ConfigurationSnapshot
from portal.catalog.configurator.services import snapshot_create
from portal.core.errors import DomainError, PermissionDenied
from portal.demo import configurator as demo_configurator
from portal.orders import services
from portal.orders.models import CartLine, Order
from portal.pricing.models import DealerPriceAssignment

from .conftest import submitted


def test_cart_add_merge_update_remove_and_order(world, shop):
    actor = world.actor("dealer_a_employee")
    line = services.cart_add(actor=actor, offer_id=shop.door.pk, quantity="1")
    services.cart_add(actor=actor, offer_id=shop.door.pk, quantity="2")
    line.refresh_from_db()
    assert line.quantity == 3
    handles = services.cart_add(actor=actor, offer_id=shop.fitting.pk, quantity="10")
    services.cart_update(actor=actor, line_id=handles.pk, quantity="4")
    window = services.cart_add(actor=actor, offer_id=shop.window.pk, quantity="1")
    services.cart_remove(actor=actor, line_id=window.pk)
    order = services.order_create_from_cart(actor=actor, colour="Белый")
    assert [(line.article, line.quantity) for line in order.lines.order_by("position")] == [
        ("DV-100", 3),
        ("FT-1", 4),
    ]
    assert order.total == Decimal("30602.00")
    assert order.vat_total == Decimal("5100.33")
    assert order.subtotal == order.total - order.vat_total
    assert not CartLine.objects.filter(cart__user=actor.user).exists()


def test_cart_refuses_withdrawn_offers_naming_the_article_and_other_peoples_lines(world, shop):
    actor = world.actor("dealer_a_employee")
    with pytest.raises(DomainError, match="«OLD-1» снят с продажи"):
        services.cart_add(actor=actor, offer_id=shop.withdrawn.pk)
    other = services.cart_add(actor=world.actor("dealer_b_admin"), offer_id=shop.door.pk)
    with pytest.raises(DomainError):
        services.cart_remove(actor=actor, line_id=other.pk)
    assert CartLine.objects.filter(pk=other.pk).exists()
    with pytest.raises(PermissionDenied):
        services.cart_add(actor=world.actor("manager_a"), offer_id=shop.door.pk)
    with pytest.raises(DomainError, match="Корзина пуста"):
        services.order_create_from_cart(actor=actor)


QUICK = """DV-100 2
ok-200\t3
NOPE-9 1
OLD-1 1

FT-1 два
NP-1 1
FT-1 1,5
DV-100
"""


def test_quick_order_lists_errors_with_line_numbers_and_creates_nothing(world, shop):
    actor = world.actor("dealer_a_employee")
    result = services.order_create_quick(actor=actor, text=QUICK)
    assert result.order is None
    assert [(e.line_number, e.reason) for e in result.errors] == [
        (3, "артикул «NOPE-9» не найден в каталоге"),
        (4, "товар «OLD-1» снят с продажи: в заказ его добавить нельзя"),
        (6, "количество должно быть числом"),
        (7, "на товар «NP-1» нет цены для вашей организации"),
        (9, "нужно «артикул количество» через пробел"),
    ]
    assert [n for n, _item, _q in result.valid] == [1, 2, 8]
    assert not Order.objects.exists()


def test_quick_order_accepts_the_valid_lines_when_asked(world, shop):
    actor = world.actor("dealer_a_employee")
    result = services.order_create_quick(actor=actor, text=QUICK, accept_valid=True)
    order = result.order
    assert [(line.article, str(line.quantity)) for line in order.lines.order_by("position")] == [
        ("DV-100", "2.000"),
        ("OK-200", "3.000"),
        ("FT-1", "1.500"),
    ]
    assert len(result.errors) == 5


def test_copy_reprices_and_reports_the_differences(world, shop):
    old = submitted(
        world, "dealer_a_employee", [(shop.door, "1"), (shop.fitting, "2"), (shop.window, "1")]
    )
    shop.door.prices.update(amount=Decimal("11000"))
    shop.window.product.is_active = False
    shop.window.product.save()
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("0"))
    result = services.order_copy(actor=world.actor("dealer_a_admin"), order_id=old.pk)
    copy = result.order
    assert copy.status == "draft" and copy.number is None
    assert [(c.article, c.old_price, c.new_price) for c in result.changes] == [
        ("DV-100", Decimal("10000.00"), Decimal("11000.00"))
    ]
    assert result.changes[0].difference == Decimal("1000.00")
    assert len(result.skipped) == 1 and "OK-200" in result.skipped[0]
    assert copy.total == Decimal("11301.00")
    assert copy.events.first().data == {"copied_from": old.pk}


def test_copy_is_for_the_buyer_only(world, shop):
    old = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    with pytest.raises(PermissionDenied):
        services.order_copy(actor=world.actor("manager_a"), order_id=old.pk)


def test_configuration_is_copied_into_the_line_and_never_changes(world, shop):
    demo_configurator.build()
    actor = world.actor("dealer_a_employee")
    saved = snapshot_create(actor=actor, code="pvc-window", choices={})
    order = services.order_create(actor=actor)
    services.order_add_line(actor=actor, order_id=order.pk, snapshot_id=saved.pk, quantity="2")
    line = order.lines.get()
    assert line.configuration["model_code"] == "pvc-window"
    assert line.configuration["svg"] == saved.svg
    assert "list_price" not in line.configuration
    assert line.unit_price == saved.amount
    ConfigurationSnapshot.objects.filter(pk=saved.pk).update(svg="<svg/>", choices={"width": "1"})
    line.refresh_from_db()
    assert line.configuration["svg"] != "<svg/>"
    with pytest.raises(DomainError, match="целое"):
        services.order_update_lines(
            actor=actor, order_id=order.pk, changes=[{"line_id": line.pk, "quantity": "1.5"}]
        )


def test_someone_elses_configuration_is_not_found(world, shop):
    from django.http import Http404

    demo_configurator.build()
    theirs = snapshot_create(actor=world.actor("dealer_b_admin"), code="pvc-window", choices={})
    actor = world.actor("dealer_a_employee")
    order = services.order_create(actor=actor)
    with pytest.raises(Http404):
        services.order_add_line(actor=actor, order_id=order.pk, snapshot_id=theirs.pk)
