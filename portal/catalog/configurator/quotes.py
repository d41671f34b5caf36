"""Everything the configurator page shows for one set of choices, for one actor.

The factory list price comes from the model's formula; what the actor's company pays comes
from the one pricing resolver, so each tier gets its own price. A sub-dealer is never shown
factory amounts: its option breakdown is restated in its own price (same shares, same total).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from portal.pricing.resolver import PriceResult, price_for_configuration
from portal.pricing.visibility import may_explain_prices

from .configuration import Configuration, Violation, resolve
from .definition import Definition
from .drawing import drawing_of
from .pricing import PriceBreakdown, price_of
from .validation import violations_of

if TYPE_CHECKING:
    from portal.organisations.actor import Actor
    from portal.organisations.models import Organisation


@dataclass(frozen=True)
class Quote:
    configuration: Configuration
    violations: list[Violation]
    list_price: PriceBreakdown  # factory list price: stored, shown only to who may see it
    breakdown: PriceBreakdown | None  # what the actor is shown (None: no price for it)
    price: PriceResult
    svg: str

    @property
    def is_valid(self) -> bool:
        return not self.violations

    def messages_for(self, code: str) -> list[str]:
        return [v.message for v in self.violations if v.parameter_code == code]

    @property
    def general_messages(self) -> list[str]:
        codes = {f.code for f in self.configuration.fields}
        return [v.message for v in self.violations if v.parameter_code not in codes]


def quote_for(
    *,
    actor: Actor,
    definition: Definition,
    choices: Mapping[str, str],
    organisation: Organisation | None = None,
) -> Quote:
    """``organisation``: whose price to show, the actor's own by default; another one only
    where the actor may see it (``PriceBook`` refuses otherwise)."""
    configuration = resolve(definition, choices)
    list_price = price_of(configuration)
    price = price_for_configuration(
        organisation=organisation or actor.organisation,
        group_id=definition.catalog_group_id,
        list_price=list_price.total,
        vat_rate=definition.vat_rate,
        viewer=actor,
    )
    breakdown = list_price
    if not may_explain_prices(actor):
        breakdown = list_price.scaled_to(price.amount) if price.amount is not None else None
    return Quote(
        configuration=configuration,
        violations=violations_of(configuration),
        list_price=list_price,
        breakdown=breakdown,
        price=price,
        svg=drawing_of(configuration),
    )
