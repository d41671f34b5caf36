"""1C reads and writes order statuses by their Russian names, whatever language the request
that runs the exchange (or a person watching it) reads the portal in."""

from django.utils import translation

from portal.exchange.orders_export import order_requisites
from portal.exchange.orders_import import status_named
from portal.orders.models import Order
from portal.orders.workflow import OrderStatus
from portal.organisations.models import Organisation


def test_a_status_from_1c_is_known_by_its_russian_name_in_an_english_request():
    with translation.override("en"):
        assert status_named("Отмодерирован") == OrderStatus.MODERATED
        assert status_named("[F] В производстве") == OrderStatus.IN_PRODUCTION


def test_the_order_sent_to_1c_names_its_status_in_russian_in_an_english_request():
    order = Order(status=OrderStatus.IN_PRODUCTION, buyer=Organisation(name="ООО «Окна»"))
    with translation.override("en"):  # written into the XML while the request reads English
        pairs = {name: str(value) for name, value in order_requisites(order)}
    assert pairs["Статус заказа"] == "В производстве"
    assert pairs["Статуса заказа ИД"] == "in_production"
