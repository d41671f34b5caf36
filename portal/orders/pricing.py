"""What goes into an order line: the item's snapshot and its price for the buyer.

Prices come only from ``portal.pricing.resolver``, always for the order's buyer, with the
steps the buyer may see (``viewer=None`` is the system acting for the buyer: a sub-dealer gets
one step, its own price). A configuration is re-priced from its model's current formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from portal.catalog.configurator.pricing import list_price
from portal.catalog.configurator.selectors import definition_of, product_model_get
from portal.catalog.configurator.validation import validate
from portal.catalog.models import Offer
from portal.core.errors import DomainError
from portal.core.money import round_money, to_decimal
from portal.core.sql import Among
from portal.pricing.resolver import PriceResult, price_for_configuration, prices_for

if TYPE_CHECKING:
    from portal.catalog.configurator.models import ConfigurationSnapshot
    from portal.organisations.models import Organisation

HUNDRED = Decimal("100")
MAX_QUANTITY = Decimal("100000000")


@dataclass(frozen=True)
class Item:
    """A priced thing ready to become a line."""

    name: str
    article: str
    unit: str
    unit_price: Decimal
    vat_rate: Decimal | None
    steps: list[dict] = field(default_factory=list)
    offer_id: int | None = None  # the line's offer; None for a configuration
    offer: Offer | None = None  # the offer itself, when it was loaded as a model
    configuration: dict | None = None


@dataclass(frozen=True, slots=True)
class OfferFacts:
    """What a line takes of an offer: read as plain values for a whole file's offers at once
    (``offer_facts_by_article``), or taken from a loaded offer (``of``)."""

    pk: int
    article: str  # the offer's own, else its product's
    name: str  # likewise
    unit: str
    is_active: bool  # the offer and its product both

    @classmethod
    def of(cls, offer: Offer) -> OfferFacts:
        product = offer.product
        return cls(
            offer.pk,
            offer.article or product.article,
            offer.name or product.name,
            product.unit_name,
            offer.is_active and product.is_active,
        )


def parse_quantity(value: object, *, whole: bool = False, name: str = "") -> Decimal:
    where = f" («{name}»)" if name else ""
    try:
        quantity = to_decimal(value)
    except (ValueError, TypeError, InvalidOperation):
        raise DomainError(f"Количество{where} должно быть числом.", field="quantity") from None
    if quantity <= 0:
        raise DomainError(f"Количество{where} должно быть больше нуля.", field="quantity")
    if quantity > MAX_QUANTITY or quantity != quantity.quantize(Decimal("0.001")):
        raise DomainError(
            f"Количество{where}: не больше 100 000 000 и не больше трёх знаков после запятой.",
            field="quantity",
        )
    if whole and quantity != quantity.to_integral_value():
        raise DomainError(f"Количество изделий по размерам{where} — целое число.", field="quantity")
    return quantity


def line_amounts(
    *, unit_price: Decimal, quantity: Decimal, discount_percent: Decimal, vat_rate: Decimal | None
) -> tuple[Decimal, Decimal]:
    """(line total with VAT, VAT in it), each rounded to kopecks once."""
    total = round_money(unit_price * quantity * (HUNDRED - discount_percent) / HUNDRED)
    vat = round_money(total * vat_rate / (HUNDRED + vat_rate)) if vat_rate else Decimal("0.00")
    return total, vat


def article_of(offer: Offer) -> str:
    return offer.article or offer.product.article


def offers_by_article(articles: list[str]) -> dict[str, list[Offer]]:
    """Offers (active or not) by upper-cased article: the offer's own, else its product's."""
    wanted = {a.upper() for a in articles}
    found: dict[str, list[Offer]] = {}
    own, by_product = _by_article(wanted)
    for offer in (own | by_product).select_related("product").order_by(*Offer._meta.ordering):
        key = article_of(offer).upper()
        if key in wanted:
            found.setdefault(key, []).append(offer)
    return found


def offer_facts_by_article(articles: list[str]) -> dict[str, list[OfferFacts]]:
    """``offers_by_article`` as plain values, for thousands of articles at once."""
    wanted = {a.upper() for a in articles}
    found: dict[str, list[OfferFacts]] = {}
    own, by_product = _by_article(wanted)
    columns = (
        "pk",
        "article",
        "name",
        "is_active",
        "product__article",
        "product__name",
        "product__unit_name",
        "product__is_active",
    )
    rows = own.values_list(*columns).union(by_product.values_list(*columns), all=True)
    for pk, article, name, active, product_article, product_name, unit, product_active in rows:
        article = article or product_article
        key = article.upper()
        if key in wanted:
            facts = OfferFacts(pk, article, name or product_name, unit, active and product_active)
            found.setdefault(key, []).append(facts)
    return found


def _by_article(wanted: set[str]) -> tuple[QuerySet[Offer], QuerySet[Offer]]:
    """Offers with one of the articles of their own, and those named by their product's."""
    # Articles are stored as 1C wrote them; match the usual spellings without a full scan.
    spellings = wanted | {a.lower() for a in wanted} | {a.title() for a in wanted}
    own = Offer.objects.filter(Among("article", spellings))
    by_product = Offer.objects.filter(Among("product__article", spellings), article="")
    return own.order_by(), by_product.order_by()  # unordered: they go into a UNION


def offer_items(buyer: Organisation, offers: list[Offer]) -> dict[int, Item]:
    """Items for offers, each checked for sale and priced; raises on the first that can't."""
    prices = prices_for(organisation=buyer, offers=offers)
    return {offer.pk: offer_item(offer, prices[offer.pk]) for offer in offers}


def offer_item(offer: Offer, price: PriceResult) -> Item:
    return facts_item(OfferFacts.of(offer), price, offer=offer)


def facts_item(facts: OfferFacts, price: PriceResult, *, offer: Offer | None = None) -> Item:
    """The item of an offer checked for sale and priced; raises DomainError when it can't be."""
    label = facts.article or facts.name
    if not facts.is_active:
        raise DomainError(f"Товар «{label}» снят с продажи: в заказ его добавить нельзя.")
    if not price.available or price.amount is None:
        raise DomainError(f"На товар «{label}» нет цены для вашей организации.")
    return Item(
        name=facts.name,
        article=facts.article,
        unit=facts.unit or "шт",
        unit_price=price.amount,
        vat_rate=price.vat_rate,
        steps=steps_json(price),
        offer_id=facts.pk,
        offer=offer,
    )


def offer_get(offer_id: int) -> Offer:
    offer = Offer.objects.select_related("product").filter(pk=offer_id).first()
    if offer is None:
        raise DomainError("Такого товара нет в каталоге.", field="offer")
    return offer


def configuration_of(snapshot: ConfigurationSnapshot) -> dict:
    """What an order keeps of a saved configuration: no factory list price, no owner's price."""
    model = snapshot.product_model
    return {
        "snapshot_id": snapshot.pk,
        "model_code": model.code,
        "model_name": model.name,
        "kind": model.kind,
        "choices": dict(snapshot.choices),
        "summary": list(snapshot.summary),
        "svg": snapshot.svg,
    }


def configuration_item(buyer: Organisation, configuration: dict) -> Item:
    """Price a configuration for the buyer from its model's current formula and rules."""
    name = configuration.get("model_name") or configuration.get("model_code", "")
    try:
        model = product_model_get(configuration["model_code"])
    except Http404:
        raise DomainError(f"Изделие «{name}» больше не заказывается.") from None
    definition = definition_of(model)
    violations = validate(definition, configuration["choices"])
    if violations:
        raise DomainError(f"Изделие «{name}»: {violations[0].message}")
    price = price_for_configuration(
        organisation=buyer,
        group_id=definition.catalog_group_id,
        list_price=list_price(definition, configuration["choices"]).total,
        vat_rate=definition.vat_rate,
    )
    if not price.available or price.amount is None:
        raise DomainError(f"На изделие «{name}» нет цены для вашей организации.")
    return Item(
        name=name,
        article=configuration["model_code"],
        unit="шт",
        unit_price=price.amount,
        vat_rate=price.vat_rate,
        steps=steps_json(price),
        configuration=configuration,
    )


def steps_json(price: PriceResult) -> list[dict]:
    return [{"label": step.label, "amount": str(step.amount)} for step in price.steps]
