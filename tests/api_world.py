"""The world with demo-like data for the API-wide tests (schemathesis, mass assignment).

On top of ``build_world()``: a small priced catalog with stock, orders of dealer A, sub-dealer
A1 and dealer B in several workflow states (a draft, one on moderation, a confirmed one with
its invoice and a payment, one in production with units), a cart, a pending invitation, bank
details for the factory's legal entity and an API token for each person. Everything goes
through the domain services, so the rows are the ones real use makes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.test.utils import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from portal.accounts import services as accounts
from portal.accounts.models import Invitation, User
from portal.billing.models import Invoice, Payment
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.billing.tests.builders import BANK
from portal.catalog.configurator.models import ProductModel
from portal.catalog.models import Product, ProductGroup
from portal.catalog.tests import builders
from portal.demo import configurator
from portal.orders import services as orders
from portal.orders.models import Order, OrderUnit
from portal.organisations.models import LegalEntity, Organisation
from portal.organisations.roles import Role
from portal.pricing.models import DealerPriceAssignment, SubdealerMarkup
from tests.world import World, build_world


@dataclass
class ApiWorld:
    world: World
    tokens: dict[str, str] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    offers: list = field(default_factory=list)

    def token_header(self, name: str | None) -> dict[str, str]:
        return {"Authorization": f"Token {self.tokens[name]}"} if name else {}

    def ids(self) -> dict[str, list]:
        """Existing ids per API resource (the first path segment after ``/api/v1/``)."""
        entities = list(LegalEntity.objects.values_list("pk", flat=True))
        return {
            "orders": list(Order.objects.values_list("pk", flat=True)),
            "invoices": list(Invoice.objects.values_list("pk", flat=True)),
            "payments": list(Payment.objects.values_list("pk", flat=True)),
            "balances": entities,
            "legal-entities": entities,
            "organisations": list(Organisation.objects.values_list("pk", flat=True)),
            "users": list(User.objects.values_list("pk", flat=True)),
            "invitations": list(Invitation.objects.values_list("pk", flat=True)),
            "groups": list(ProductGroup.objects.values_list("pk", flat=True)),
            "products": list(Product.objects.values_list("pk", flat=True)),
            "configurator": list(ProductModel.objects.values_list("code", flat=True)),
        }


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def build_api_world() -> ApiWorld:
    world = build_world()
    data = ApiWorld(world=world)
    factory_entity = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory_entity, name, value)
    factory_entity.save()

    base = builders.price_type("Оптовая")
    group = builders.group("Двери и окна")
    store = builders.warehouse("Основной склад")
    door = builders.product(
        "Дверь «Классик»", group=group, prices={base: "913.17"}, article="DV-100"
    )
    window = builders.product("Окно ПВХ", group=group, prices={base: "5000"}, article="OK-200")
    builders.product("Дверь без цены", group=group, article="NP-1")
    builders.stock(door, store, "12")
    data.offers = [door, window]
    configurator.build()
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, discount_percent=Decimal("5"))
    for dealer in (world.dealer_a, world.dealer_b):
        SubdealerMarkup.objects.create(dealer=dealer, percent=Decimal("10"))

    def order(who: str, *, items=((door, "2"), (window, "1"))) -> Order:
        actor = world.actor(who)
        made = orders.order_create(actor=actor, colour="Белый")
        for offer, quantity in items:
            orders.order_add_line(
                actor=actor, order_id=made.pk, offer_id=offer.pk, quantity=quantity
            )
        return made

    def submit(who: str, made: Order) -> Order:
        return orders.order_submit(actor=world.actor(who), order_id=made.pk)

    data.orders["draft_a"] = order("dealer_a_admin")
    data.orders["moderation_a"] = submit("dealer_a_admin", order("dealer_a_admin"))
    confirmed = submit("dealer_a_admin", order("dealer_a_admin"))
    orders.order_confirm(actor=world.actor("manager_a"), order_id=confirmed.pk)
    data.orders["confirmed_a"] = confirmed
    production = submit("dealer_a_admin", order("dealer_a_admin"))
    manager = world.actor("manager_a")
    orders.order_confirm(actor=manager, order_id=production.pk)
    orders.order_hand_to_1c(actor=manager, order_id=production.pk, factory_number="ЗК-1")
    orders.order_start_production(actor=manager, order_id=production.pk)
    data.orders["production_a"] = production
    data.orders["draft_sub_a1"] = order("sub_a1_admin")
    data.orders["moderation_sub_a1"] = submit("sub_a1_admin", order("sub_a1_admin"))
    data.orders["moderation_b"] = submit("dealer_b_admin", order("dealer_b_admin"))

    invoice = invoice_issue_for_order(actor=world.actor("accountant"), order_id=production.pk)
    payment_register(
        actor=world.actor("accountant"),
        payer_id=world.legal_entities["dealer_a"].pk,
        amount=Decimal("1000.00"),
        on=timezone.localdate(),
        number="П-1",
        purpose="Оплата",
        invoice_ids=[invoice.pk],
    )
    orders.cart_add(actor=world.actor("dealer_a_employee"), offer_id=door.pk, quantity="3")
    accounts.invitation_send(
        actor=world.actor("dealer_a_admin"),
        organisation_id=world.dealer_a.pk,
        email="new.person@example.test",
        role=Role.EMPLOYEE,
        full_name="Новый Сотрудник",
    )
    assert OrderUnit.objects.exists(), "the order in production has units"
    for name, user in world.users.items():
        data.tokens[name] = Token.objects.get_or_create(user=user)[0].key
    return data
