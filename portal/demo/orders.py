"""Demo orders: every status, several dealers and sub-dealers, units part-way through
production, a bundle of two sub-dealer orders, comments — made through the order services,
so the timelines, numbers, units and notifications are the real ones.

Orders are placed "now" by the services and then moved back in time by their age in days (every
timestamp of an order moves by the same amount, within the current year so the numbers stay
right), so the demo list reads like a few weeks of work.

Idempotent: when the demo dealers already have orders, nothing is done. Lines are catalog
offers that have a price for the buyer, and windows from the configurator when its demo
models exist; with neither, no order is created.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from portal.accounts.models import User
from portal.catalog.configurator.models import ProductModel
from portal.catalog.configurator.services import snapshot_create
from portal.catalog.models import Offer
from portal.notifications.models import Notification
from portal.orders import services
from portal.orders.models import Order, OrderComment, OrderEvent, OrderKind, OrderUnit, UnitEvent
from portal.orders.notify import order_link
from portal.organisations.actor import Actor, actor_for_user
from portal.organisations.models import Organisation
from portal.pricing.resolver import price_for_configuration, prices_for

SELLER = "manager@zavod.demo"  # manages Окна-Про and Дверной дом
SELLER_2 = "manager2@zavod.demo"  # manages ТеплоДом
WINDOW_MODEL = "pvc-window"
WINDOW_CHOICES: list[dict[str, str]] = [{}, {"width": "900", "height": "1200"}]


def build(organisations: dict[str, Organisation]) -> list[Order]:
    dealers = [organisations[key] for key in ("okna-pro", "dver-dom", "teplodom")]
    if Order.objects.filter(buyer__in=dealers).exists():
        return []
    story = _Story(organisations)
    if not story.can_order():
        return []
    return story.tell()


class _Story:
    def __init__(self, organisations: dict[str, Organisation]):
        self.orgs = organisations
        self.offers = self._priced_offers(organisations["okna-pro"])
        self.with_windows = ProductModel.objects.filter(code=WINDOW_MODEL, is_active=True).exists()
        self.created: list[Order] = []
        self.ages: dict[int, int] = {}  # order id → days ago it was placed

    def can_order(self) -> bool:
        return bool(self.offers) or self.with_windows

    # people -------------------------------------------------------------------------------

    def actor(self, email: str) -> Actor:
        actor = actor_for_user(User.objects.select_related("organisation__parent").get(email=email))
        assert actor is not None  # noqa: S101 — demo users are active by construction
        return actor

    # lines --------------------------------------------------------------------------------

    @staticmethod
    def _priced_offers(dealer: Organisation) -> list[Offer]:
        offers = list(
            Offer.objects.filter(is_active=True, product__is_active=True)
            .select_related("product")
            .order_by("pk")[:200]
        )
        prices = prices_for(organisation=dealer, offers=offers)
        return [offer for offer in offers if prices[offer.pk].available][:20]

    def order(
        self,
        email: str,
        *,
        age: int = 0,
        kind=OrderKind.STANDARD,
        windows: int = 0,
        items: int = 2,
        **details,
    ) -> Order:
        actor = self.actor(email)
        if not self.offers and not (windows and self.with_windows):
            windows = 2 if self.with_windows else 0
        order = services.order_create(
            actor=actor,
            kind=OrderKind.MADE_TO_MEASURE if windows and self.with_windows else kind,
            desired_delivery_date=timezone.localdate() + timedelta(days=21),
            **details,
        )
        start = len(self.created) * 3
        for n in range(items if self.offers else 0):
            offer = self.offers[(start + n) % len(self.offers)]
            services.order_add_line(
                actor=actor, order_id=order.pk, offer_id=offer.pk, quantity=str(n + 1)
            )
        if windows and self.with_windows:
            saved = snapshot_create(
                actor=actor, code=WINDOW_MODEL, choices=WINDOW_CHOICES[len(self.created) % 2]
            )
            services.order_add_line(
                actor=actor, order_id=order.pk, snapshot_id=saved.pk, quantity=str(windows)
            )
        self.created.append(order)
        self.ages[order.pk] = age
        return order

    def submit(self, email: str, order: Order) -> Order:
        return services.order_submit(actor=self.actor(email), order_id=order.pk)

    def to_production(self, manager: str, order: Order, number: str) -> None:
        actor = self.actor(manager)
        services.order_confirm(actor=actor, order_id=order.pk)
        services.order_hand_to_1c(actor=actor, order_id=order.pk, factory_number=number)
        services.order_start_production(actor=actor, order_id=order.pk)

    def units(self, order: Order) -> list[int]:
        return list(
            OrderUnit.objects.filter(line__order=order).order_by("pk").values_list("pk", flat=True)
        )

    # the story ----------------------------------------------------------------------------

    def tell(self) -> list[Order]:
        sales, owner = "sales@okna-pro.demo", "owner@okna-pro.demo"
        dver, teplo = "owner@dver-dom.demo", "owner@teplodom.demo"

        done = self.submit(teplo, self.order(teplo, age=40))
        self.to_production(SELLER_2, done, "ЗК-000090")
        units = self.units(done)
        services.units_mark_ready(actor=self.actor(SELLER_2), order_id=done.pk, unit_ids=units)
        services.units_ship(
            actor=self.actor(SELLER_2),
            order_id=done.pk,
            unit_ids=units,
            shipment_document="РН-0988",
        )
        services.units_receive(actor=self.actor(teplo), order_id=done.pk, unit_ids=units)

        partial = self.submit(dver, self.order(dver, age=21, windows=5))
        self.to_production(SELLER, partial, "ЗК-000103")
        first_four = self.units(partial)[:4]
        services.units_mark_ready(
            actor=self.actor(SELLER), order_id=partial.pk, unit_ids=first_four
        )
        services.units_ship(
            actor=self.actor(SELLER),
            order_id=partial.pk,
            unit_ids=first_four,
            shipment_document="РН-1043",
        )

        cancelled = self.submit(owner, self.order(owner, age=17))
        services.order_cancel(
            actor=self.actor(owner), order_id=cancelled.pk, reason="Клиент передумал"
        )

        producing = self.submit(sales, self.order(sales, age=14, windows=5))
        self.to_production(SELLER, producing, "ЗК-000102")
        services.units_mark_ready(
            actor=self.actor(SELLER), order_id=producing.pk, unit_ids=self.units(producing)[:2]
        )
        self.comment(SELLER, producing, "Два окна готовы, остальные — в пятницу.")

        rejected = self.submit(dver, self.order(dver, age=11))
        services.order_reject(
            actor=self.actor(SELLER),
            order_id=rejected.pk,
            reason="Позиции сняты с производства, подберите замену.",
        )

        self.subdealers(sales)

        handed = self.submit(owner, self.order(owner, age=9))
        services.order_confirm(actor=self.actor(SELLER), order_id=handed.pk)
        services.order_hand_to_1c(
            actor=self.actor(SELLER), order_id=handed.pk, factory_number="ЗК-000101"
        )

        confirmed = self.submit(dver, self.order(dver, age=6))
        services.order_confirm(actor=self.actor(SELLER), order_id=confirmed.pk)

        changed = self.submit(sales, self.order(sales, age=3, items=3))
        first = changed.lines.order_by("position").first()
        services.order_change_lines(
            actor=self.actor(SELLER),
            order_id=changed.pk,
            changes=[{"line_id": first.pk, "quantity": str(first.quantity + 1)}],
            comment="Добавили одну позицию: минимальная партия.",
        )

        asked = self.submit(teplo, self.order(teplo, age=2, colour="Золотой дуб"))
        services.order_ask_question(
            actor=self.actor(SELLER_2),
            order_id=asked.pk,
            text="Подтвердите цвет уплотнителя: чёрный или серый?",
        )

        waiting = self.submit(dver, self.order(dver, age=1, colour="Венге"))
        self.comment(dver, waiting, "Просим отгрузить одной машиной.")

        self.order(sales, colour="Белый", buyer_notes="Черновик: уточняем размеры у клиента")

        for order in self.created:
            _backdate(order, self.ages.get(order.pk, 0))
        return self.created

    def subdealers(self, dealer_email: str) -> None:
        dealer_lines = self.offers, self.with_windows
        self._subdealers(dealer_email)
        self.offers, self.with_windows = dealer_lines

    def _subdealers(self, dealer_email: str) -> None:
        himki, mytishchi = "owner@himki.demo", "owner@mytishchi.demo"
        himki_org = self.orgs["himki"]
        self.offers = self._priced_offers(himki_org) if self.offers else []
        self.with_windows = self.with_windows and _configurations_priced_for(himki_org)
        if not self.can_order():
            return  # the dealer has set no prices for its sub-dealers yet
        dealer = self.actor(dealer_email)
        parts = []
        for email in (himki, mytishchi):
            order = self.submit(email, self.order(email, age=10, windows=3, items=1))
            services.order_confirm(actor=dealer, order_id=order.pk)
            parts.append(order)
        self.submit(himki, self.order(himki, age=10, windows=1, items=1))  # waits for its dealer
        bundle = services.subdealer_orders_bundle(actor=dealer, order_ids=[p.pk for p in parts])
        self.created.append(bundle)
        self.ages[bundle.pk] = 10
        self.submit(dealer_email, bundle)
        self.to_production(SELLER, bundle, "ЗК-000104")
        two = self.units(bundle)[:2]
        services.units_mark_ready(actor=self.actor(SELLER), order_id=bundle.pk, unit_ids=two)
        services.units_ship(
            actor=self.actor(SELLER), order_id=bundle.pk, unit_ids=two, shipment_document="РН-1050"
        )
        self.comment(himki, parts[0], "Клиент просит привезти до обеда.")

    def comment(self, email: str, order: Order, text: str) -> None:
        services.order_comment_add(actor=self.actor(email), order_id=order.pk, text=text)


def _backdate(order: Order, days: int) -> None:
    """Move every timestamp of ``order`` ``days`` back, staying within the current year."""
    now = timezone.localtime()
    days = min(days, now.timetuple().tm_yday - 1)
    if days <= 0:
        return
    shift = timedelta(days=days)
    moved = {
        name: F(name) - shift
        for name in ("created_at", "updated_at", "submitted_at", "confirmed_at", "handed_to_1c_at")
    }
    if order.desired_delivery_date:
        moved["desired_delivery_date"] = order.desired_delivery_date - shift
    Order.objects.filter(pk=order.pk).update(**moved)
    OrderEvent.objects.filter(order=order).update(at=F("at") - shift)
    OrderComment.objects.filter(order=order).update(created_at=F("created_at") - shift)
    UnitEvent.objects.filter(unit__line__order=order).update(at=F("at") - shift)
    Notification.objects.filter(link=order_link(order)).update(created_at=F("created_at") - shift)


def _configurations_priced_for(organisation: Organisation) -> bool:
    probe = price_for_configuration(
        organisation=organisation, group_id=None, list_price=Decimal("1000"), vat_rate=Decimal("20")
    )
    return probe.available
