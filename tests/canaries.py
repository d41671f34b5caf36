"""Planted prices ("canaries") and a scanner that finds them in anything the portal sends.

``plant(world)`` gives the world a priced catalog, the terms of both dealers, orders of every
tier (a sub-dealer's order bundled into its dealer's order to the factory, in production and
partly shipped), invoices, a payment, carts and configurator snapshots, all carrying improbable
amounts. ``Canaries.forbidden_for(role)`` says which of them a role must never receive;
``Scanner`` turns a response or an e-mail into text (HTML, JSON, xlsx cells and XML parts, PDF
text) and finds every spelling of those amounts: ``918273.46``, ``918273,46``, ``918 273,46``
with any space between the digits, ``918,273.46`` in English, and the whole roubles
alone.

The amounts are worked out here with plain Decimal arithmetic, independently of the resolver;
the sweep checks that the people entitled to them do see them, so a wrong number here fails.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.billing.reminders import send_overdue_reminders
from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.billing.tests.builders import BANK
from portal.catalog.configurator.models import ProductModel
from portal.catalog.configurator.services import snapshot_create
from portal.catalog.tests import builders
from portal.demo import configurator as demo_configurator
from portal.orders import services
from portal.orders.models import Order, OrderNumberCounter, OrderUnit
from portal.pricing import services as pricing

D = Decimal
HUNDRED = D(100)

# The factory's base price list (the factory price) and dealer B's own price type.
WINDOW_BASE = D("918273.46")
DOOR_BASE = D("537190.83")
CONFIGURATOR_BASE = D("271828.18")  # the PVC window model's base price (factory list price)
WINDOW_TYPE_B = D("652497.60")
DOOR_TYPE_B = D("398761.50")
# Terms, as percentages nobody would type by chance.
A_WINDOW_DISCOUNT = D("5.37")  # dealer A, group «Окна»
A_DOOR_DISCOUNT = D("8.19")  # dealer A, group «Двери»
A_DOOR_PROMOTION = D("4.63")  # a promotion for dealer A only, on doors
A1_MARKUP = D("11.37")  # dealer A's mark-up for sub-dealer A1
A1_DOOR_FIXED = D("512345.67")  # dealer A's fixed door price for sub-dealer A1
B_DISCOUNT = D("13.57")  # dealer B's overall discount
B1_MARKUP = D("21.83")  # dealer B's mark-up for sub-dealer B1


def money(amount: Decimal) -> Decimal:
    return amount.quantize(D("0.01"), rounding=ROUND_HALF_UP)


def less(amount: Decimal, percent: Decimal) -> Decimal:
    return amount * (HUNDRED - percent) / HUNDRED


def more(amount: Decimal, percent: Decimal) -> Decimal:
    return amount * (HUNDRED + percent) / HUNDRED


A_WINDOW = money(less(WINDOW_BASE, A_WINDOW_DISCOUNT))
A_DOOR_DISCOUNTED = money(less(DOOR_BASE, A_DOOR_DISCOUNT))  # the step before the promotion
A_DOOR = money(less(less(DOOR_BASE, A_DOOR_DISCOUNT), A_DOOR_PROMOTION))
A1_WINDOW = money(more(A_WINDOW, A1_MARKUP))
B_WINDOW = money(less(WINDOW_TYPE_B, B_DISCOUNT))
B_DOOR = money(less(DOOR_TYPE_B, B_DISCOUNT))
B1_WINDOW = money(more(B_WINDOW, B1_MARKUP))
B1_DOOR = money(more(B_DOOR, B1_MARKUP))


@dataclass(frozen=True)
class Canary:
    label: str
    amount: Decimal
    kind: str = "price"  # "price", "step" (inside a price's explanation), "total", "percent"

    @property
    def percent(self) -> bool:
        """Only a percentage's exact spelling counts, never its whole units."""
        return self.kind == "percent"


@dataclass
class Canaries:
    """The planted amounts by whose they are."""

    factory: list[Canary]  # the factory price: the base price type, the configurator's list
    dealer_a: list[Canary]  # dealer A's purchase prices, the steps to them and its terms
    sub_a1: list[Canary]  # what sub-dealer A1 pays
    sub_a1_terms: list[Canary]  # dealer A's mark-up for A1 (it would reveal the purchase price)
    dealer_b: list[Canary]  # dealer B's price type, purchase prices and terms
    sub_b1: list[Canary]
    sub_b1_terms: list[Canary]

    def forbidden_for(self, role: str) -> list[Canary]:
        a_tree = self.dealer_a + self.sub_a1 + self.sub_a1_terms
        b_tree = self.dealer_b + self.sub_b1 + self.sub_b1_terms
        if role.startswith("dealer_a"):
            return b_tree
        if role.startswith("dealer_b"):
            return a_tree
        if role.startswith("sub_a1"):
            return self.factory + self.dealer_a + self.sub_a1_terms + b_tree
        if role.startswith("sub_b1"):
            return self.factory + self.dealer_b + self.sub_b1_terms + a_tree
        raise ValueError(role)

    def own_of(self, role: str) -> list[Canary]:
        """What the role must see somewhere: proves the sweep reaches priced content."""
        if role.startswith("dealer_a"):
            return [c for c in self.dealer_a if not c.percent] + self.sub_a1
        if role.startswith("dealer_b"):
            return [c for c in self.dealer_b if not c.percent] + self.sub_b1
        if role.startswith("sub_a1"):
            return self.sub_a1
        if role.startswith("sub_b1"):
            return self.sub_b1
        raise ValueError(role)


@dataclass
class Planted:
    canaries: Canaries
    targets: dict[str, list[dict]] = field(default_factory=dict)  # URL kwargs by kind
    extra_queries: dict[str, list[str]] = field(default_factory=dict)


# ----------------------------------------------------------------------------- planting


def plant(world) -> Planted:
    """Everything priced with canaries; call inside a transaction whose on_commit callbacks
    run (the e-mails of the workflow are part of what is scanned)."""
    catalog = plant_catalog(world)
    window, door = catalog["window"], catalog["door"]
    orders = _plant_orders(world, window=window, door=door)
    snapshots = [
        snapshot_create(actor=world.actor(who), code="pvc-window", choices={}).pk
        for who in ("dealer_a_employee", "sub_a1_admin", "dealer_b_admin", "sub_b1_admin")
    ]
    for who, pk in zip(("sub_a1_admin", "sub_b1_admin"), snapshots[1::2], strict=True):
        services.cart_add(actor=world.actor(who), snapshot_id=pk, quantity="1")
    invoices, payments = _plant_money(world, orders)

    canaries = _canaries(orders, invoices)
    targets = {
        "order": [{"pk": order.pk} for order in orders.values()],
        "unit": [
            {"pk": unit.pk}
            for unit in OrderUnit.objects.filter(line__order__in=orders.values()).order_by("pk")
        ],
        "invoice": [{"pk": pk} for pk in invoices.values()],
        "payment": [{"pk": pk} for pk in payments],
        "legal_entity": [{"pk": world.legal_entities[k].pk} for k in ("dealer_a", "dealer_b")],
        "product": [{"pk": offer.product_id} for offer in (window, door)],
        "group": [{"pk": group.pk} for group in (catalog["windows"], catalog["doors"])],
        "snapshot": [{"pk": pk} for pk in snapshots],
        "dealer": [{"pk": world.orgs[k].pk} for k in ("dealer_a", "dealer_b")],
        "organisation": [{"pk": org.pk} for org in world.orgs.values()],
        "promotion": [{"pk": catalog["promotion"]}],
        "model": [{"code": "pvc-window"}],
    }
    return Planted(canaries=canaries, targets=targets, extra_queries=_queries(catalog["doors"]))


def plant_catalog(world) -> dict:
    """The priced catalog, both dealers' terms, the configurator and a cart of both products
    for everyone who orders: what every page of the portal can show without any order."""
    base = builders.price_type("Базовая канареечная")
    type_b = builders.price_type("Дилерская Б канареечная")
    pricing.base_price_type_set(actor=world.actor("factory_admin"), price_type=base)
    windows = builders.group("Окна канареечные")
    doors = builders.group("Двери канареечные")
    window = builders.product(
        "Окно Канарейка",
        group=windows,
        article="CAN-W",
        prices={base: WINDOW_BASE, type_b: WINDOW_TYPE_B},
    )
    door = builders.product(
        "Дверь Канарейка",
        group=doors,
        article="CAN-D",
        prices={base: DOOR_BASE, type_b: DOOR_TYPE_B},
    )
    builders.stock(window, builders.warehouse("Склад канареечный"), "7")
    promotion = _plant_terms(world, windows=windows, doors=doors, door=door, type_b=type_b)
    _plant_configurator()
    for who in (
        "dealer_a_admin",
        "dealer_a_employee",
        "sub_a1_admin",
        "sub_a1_employee",
        "dealer_b_admin",
        "sub_b1_admin",
    ):
        for offer in (window, door):
            services.cart_add(actor=world.actor(who), offer_id=offer.pk, quantity="1")
    return {
        "window": window,
        "door": door,
        "windows": windows,
        "doors": doors,
        "promotion": promotion,
    }


def _plant_terms(world, *, windows, doors, door, type_b) -> int:
    """Through the pricing services, as the factory admin and the dealers' admins set them
    (the services also write the audit rows people read)."""
    factory = world.actor("factory_admin")
    for group, percent in ((windows, A_WINDOW_DISCOUNT), (doors, A_DOOR_DISCOUNT)):
        pricing.group_discount_set(
            actor=factory, dealer=world.dealer_a, group=group, percent=percent
        )
    promotion = pricing.promotion_save(
        actor=factory,
        name="Канареечная",
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=30),
        percent=A_DOOR_PROMOTION,
        all_dealers=False,
        dealers=[world.dealer_a],
        groups=[doors],
    )
    pricing.dealer_terms_set(
        actor=factory, dealer=world.dealer_b, price_type=type_b, discount_percent=B_DISCOUNT
    )
    # Mark-ups for one sub-dealer by name: they win over any mark-up «for all sub-dealers».
    dealer_a, dealer_b = world.actor("dealer_a_admin"), world.actor("dealer_b_admin")
    pricing.markup_set(actor=dealer_a, subdealer=world.sub_a1, group=None, percent=A1_MARKUP)
    pricing.markup_set(actor=dealer_b, subdealer=world.sub_b1, group=None, percent=B1_MARKUP)
    pricing.fixed_price_set(
        actor=dealer_a, subdealer=world.sub_a1, offer=door, amount=A1_DOOR_FIXED
    )
    return promotion.pk


def _plant_configurator() -> None:
    demo_configurator.build()
    model = ProductModel.objects.get(code="pvc-window")
    model.base_price = CONFIGURATOR_BASE
    model.save(update_fields=["base_price"])


def _plant_orders(world, *, window, door) -> dict[str, Order]:
    """Each sub-dealer orders both products from its dealer; the dealer confirms and bundles
    the order into its own order to the factory (plus a direct order of its own); the factory
    confirms, starts production and ships part of it."""
    _number_after_existing()
    orders = {}
    for dealer, sub, manager in (
        ("dealer_a_admin", "sub_a1_admin", "manager_a"),
        ("dealer_b_admin", "sub_b1_admin", "manager_b"),
    ):
        sub_actor, dealer_actor = world.actor(sub), world.actor(dealer)
        sub_order = services.order_create(actor=sub_actor)
        for offer in (window, door):
            services.order_add_line(
                actor=sub_actor, order_id=sub_order.pk, offer_id=offer.pk, quantity="1"
            )
        services.order_submit(actor=sub_actor, order_id=sub_order.pk)
        services.order_confirm(actor=dealer_actor, order_id=sub_order.pk)
        bundle = services.subdealer_orders_bundle(actor=dealer_actor, order_ids=[sub_order.pk])
        services.order_submit(actor=dealer_actor, order_id=bundle.pk)
        manager_actor = world.actor(manager)
        for verb in (
            services.order_confirm,
            services.order_hand_to_1c,
            services.order_start_production,
        ):
            verb(actor=manager_actor, order_id=bundle.pk)
        units = list(OrderUnit.objects.filter(line__order=bundle).order_by("pk"))
        services.units_mark_ready(
            actor=manager_actor, order_id=bundle.pk, unit_ids=[u.pk for u in units]
        )
        services.units_ship(
            actor=manager_actor,
            order_id=bundle.pk,
            unit_ids=[units[0].pk],
            shipment_document="КАН-1",
        )
        direct = services.order_create(actor=dealer_actor)
        services.order_add_line(
            actor=dealer_actor, order_id=direct.pk, offer_id=window.pk, quantity="1"
        )
        services.order_submit(actor=dealer_actor, order_id=direct.pk)
        services.order_ask_question(actor=manager_actor, order_id=direct.pk, text="Цвет?")
        key = dealer.removesuffix("_admin")
        orders[f"{key}_factory"] = bundle
        orders[f"{key}_direct"] = direct
        orders[sub.removesuffix("_admin")] = sub_order
    return {key: Order.objects.get(pk=order.pk) for key, order in orders.items()}


def _number_after_existing() -> None:
    """Orders made straight in the database (billing's builders) took numbers the counter does
    not know about: move it past them."""
    year = timezone.localdate().year
    taken = Order.objects.filter(number__startswith=f"{year}-").values_list("number", flat=True)
    last = max((int(number.partition("-")[2]) for number in taken), default=0)
    counter, _ = OrderNumberCounter.objects.get_or_create(year=year)
    counter.last = max(counter.last, last)
    counter.save(update_fields=["last"])


def _plant_money(world, orders) -> tuple[dict[str, int], list[int]]:
    factory = world.legal_entities["factory"]
    for name, value in BANK.items():
        setattr(factory, name, value)
    factory.save()
    accountant = world.actor("accountant")
    long_ago = timezone.localdate() - timedelta(days=60)
    invoices = {}
    for key in ("dealer_a_factory", "dealer_b_factory"):
        invoices[key] = invoice_issue_for_order(
            actor=accountant,
            order_id=orders[key].pk,
            on=long_ago,
            due_date=long_ago + timedelta(days=5),
        ).pk
    send_overdue_reminders()
    payment = payment_register(
        actor=accountant,
        payer_id=world.legal_entities["dealer_a"].pk,
        amount=D("1000.00"),
        on=timezone.localdate(),
        invoice_ids=[invoices["dealer_a_factory"]],
    )
    return invoices, [payment.pk]


def _canaries(orders: dict[str, Order], invoices: dict[str, int]) -> Canaries:
    from portal.billing.models import Invoice

    def totals(*keys: str) -> list[Canary]:
        return [Canary(f"total of {key}", orders[key].total, "total") for key in keys]

    invoice_totals = {
        key: Canary(f"invoice of {key}", Invoice.objects.get(pk=pk).total, "total")
        for key, pk in invoices.items()
    }
    return Canaries(
        factory=[
            Canary("factory price, window", WINDOW_BASE),
            Canary("factory price, door", DOOR_BASE),
            Canary("configurator base price", CONFIGURATOR_BASE),
        ],
        dealer_a=[
            Canary("dealer A purchase, window", A_WINDOW),
            Canary("dealer A door after its group discount", A_DOOR_DISCOUNTED, "step"),
            Canary("dealer A purchase, door", A_DOOR),
            *totals("dealer_a_factory", "dealer_a_direct"),
            invoice_totals["dealer_a_factory"],
            Canary("dealer A window discount %", A_WINDOW_DISCOUNT, kind="percent"),
            Canary("dealer A door discount %", A_DOOR_DISCOUNT, kind="percent"),
            Canary("dealer A promotion %", A_DOOR_PROMOTION, kind="percent"),
        ],
        sub_a1=[
            Canary("sub-dealer A1 window", A1_WINDOW),
            Canary("sub-dealer A1 door (fixed)", A1_DOOR_FIXED),
            *totals("sub_a1"),
        ],
        sub_a1_terms=[Canary("dealer A mark-up for A1 %", A1_MARKUP, kind="percent")],
        dealer_b=[
            Canary("dealer B price type, window", WINDOW_TYPE_B, "step"),
            Canary("dealer B price type, door", DOOR_TYPE_B, "step"),
            Canary("dealer B purchase, window", B_WINDOW),
            Canary("dealer B purchase, door", B_DOOR),
            *totals("dealer_b_factory", "dealer_b_direct"),
            invoice_totals["dealer_b_factory"],
            Canary("dealer B discount %", B_DISCOUNT, kind="percent"),
        ],
        sub_b1=[
            Canary("sub-dealer B1 window", B1_WINDOW),
            Canary("sub-dealer B1 door", B1_DOOR),
            *totals("sub_b1"),
        ],
        sub_b1_terms=[Canary("dealer B mark-up for B1 %", B1_MARKUP, kind="percent")],
    )


def _queries(doors) -> dict[str, list[str]]:
    from portal.orders.listing import COLUMNS

    all_columns = "&".join(f"cols={key}" for key in COLUMNS)
    return {
        "catalog:list": ["sort=-price&in_stock=on", "q=Канарейка&sort=price", f"group={doors.pk}"],
        "api:product-list": ["sort=price", "search=CAN-W", f"group={doors.pk}"],
        "orders:list": [all_columns, "status=in_production", "status=partially_shipped"],
        "orders:export": [all_columns],
        "api:order-list": ["status=in_production"],
    }


# ----------------------------------------------------------------------------- scanning

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Any space a formatter may put between digits: normal, no-break, thin, narrow, figure; and
# an English thousands comma («918,273.46»): a comma before exactly three digits.
DIGIT_GAP = re.compile(r"(?<=\d)(?:[ \t\u00a0\u2007\u2009\u202f]+|,(?=\d{3}(?!\d)))(?=\d)")


def normalise(text: str) -> str:
    return DIGIT_GAP.sub("", html.unescape(text))


@functools.cache
def pattern_of(canary: Canary) -> re.Pattern:
    """``918273.46`` / ``918273,46`` and (for amounts) the whole roubles alone, truncated or
    rounded, never as a part of a longer number."""
    whole, _, kopecks = f"{canary.amount:.2f}".partition(".")
    spellings = [rf"{whole}[.,]{kopecks}"]
    if kopecks.endswith("0"):
        spellings.append(rf"{whole}[.,]{kopecks[0]}(?!\d)")
    if canary.percent:
        if kopecks == "00":
            raise ValueError("a round percentage would match ordinary numbers")
    else:
        rounded = f"{canary.amount.quantize(D(1), rounding=ROUND_HALF_UP)}"
        spellings += [rf"{whole}(?![.,]\d)", rf"{rounded}(?![.,]\d)"]
    return re.compile(rf"(?<![\d.,])(?:{'|'.join(spellings)})(?!\d)")


@dataclass
class Hit:
    canary: Canary
    where: str
    excerpt: str


def find(text: str, canaries: Iterable[Canary], where: str) -> list[Hit]:
    text = normalise(text)
    hits = []
    for canary in canaries:
        match = pattern_of(canary).search(text)
        if match:
            start = max(match.start() - 60, 0)
            hits.append(Hit(canary, where, text[start : match.end() + 40]))
    return hits


def text_of_body(content: bytes, content_type: str) -> str:
    """Everything a person could read in the body: the text, every xlsx cell and XML part,
    the text of every PDF page."""
    kind = content_type.split(";")[0].strip()
    if kind == XLSX or content.startswith(b"PK\x03\x04"):
        return xlsx_text(content)
    if kind == "application/pdf" or content.startswith(b"%PDF"):
        return pdf_text(content)
    text = content.decode("utf-8", errors="replace")
    if kind == "application/json":
        with contextlib.suppress(ValueError):  # an error page may not be JSON
            text += "\n" + json.dumps(json.loads(text), ensure_ascii=False)
    return text


def xlsx_text(content: bytes) -> str:
    parts = []
    workbook = load_workbook(BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(value) for value in row if value is not None)
    with zipfile.ZipFile(BytesIO(content)) as archive:  # shared strings, comments, names…
        for name in archive.namelist():
            if name.endswith(".xml"):
                parts.append(archive.read(name).decode("utf-8", errors="replace"))
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(BytesIO(content))
    parts = [page.extract_text() or "" for page in reader.pages]
    parts.extend(str(value) for value in (reader.metadata or {}).values())
    return "\n".join(parts)


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def mail_text(message) -> str:
    """Subject, body, every alternative and attachment of one e-mail."""
    parts = [message.subject, message.body]
    parts.extend(content for content, _mime in getattr(message, "alternatives", []))
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            _name, content, mime = attachment
        else:  # a MIME part
            content, mime = attachment.get_payload(decode=True), attachment.get_content_type()
        if isinstance(content, str):
            content = content.encode()
        parts.append(text_of_body(content, mime or ""))
    return "\n".join(parts)
