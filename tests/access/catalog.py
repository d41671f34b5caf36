"""Catalog, price lists, pricing admin pages and the catalog API."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from portal.catalog.tests import builders
from portal.pricing.models import (
    DealerGroupDiscount,
    Promotion,
    SubdealerFixedPrice,
    SubdealerMarkup,
)
from tests.access.matrix import LOGGED_IN, SUB_A1, Entry, hidden_unless
from tests.access.owners import DEALERS, KIND, on_object, only, own_company, sees_organisation

FACTORY_ADMIN = frozenset({"factory_admin"})
DEALER_ADMINS = frozenset({"dealer_a_admin", "dealer_b_admin"})
NOT_SUBDEALERS = LOGGED_IN - SUB_A1 - {"sub_b1_admin"}


def product(world) -> dict:
    return {"pk": builders.product("Окно", group=builders.group("Окна")).product.pk}


def group(world) -> dict:
    return {"pk": builders.group("Двери").pk}


def dealer_a(world) -> dict:
    return {"pk": world.dealer_a.pk}


def group_discount(world) -> dict:
    row = DealerGroupDiscount.objects.create(
        dealer=world.dealer_a, group=builders.group("Стекло"), percent=Decimal("5")
    )
    return {"pk": row.pk}


def promotion(world) -> dict:
    row = Promotion.objects.create(
        name="Акция", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 31), percent=Decimal("5")
    )
    return {"pk": row.pk}


def markup(world) -> dict:
    return {"pk": SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("5")).pk}


def fixed_price(world) -> dict:
    offer = builders.product("Ручка")
    row = SubdealerFixedPrice.objects.create(
        dealer=world.dealer_a, offer=offer, amount=Decimal("9")
    )
    return {"pk": row.pk}


ENTRIES = [
    Entry("catalog:list", LOGGED_IN),
    Entry("catalog:product", LOGGED_IN, args=product),
    Entry("catalog:price_list_xlsx", LOGGED_IN),
    Entry("catalog:price_list_pdf", LOGGED_IN),
    # The form offers only the companies whose prices one sees; another's id is a form error.
    Entry("catalog:pricing_check", NOT_SUBDEALERS),
    Entry(
        "catalog:pricing_check",
        NOT_SUBDEALERS,
        data=lambda world: {
            "organisation": world.sub_a1.pk,
            "product": builders.product("Окно", article="OK-7").product.article,
            "on": "2027-01-15",
        },
    ),
    Entry("catalog:pricing_dealers", FACTORY_ADMIN),
    Entry(
        "catalog:pricing_dealers",
        FACTORY_ADMIN,
        method="POST",
        data=lambda world: {"base_price_type": ""},
    ),
    Entry("catalog:pricing_dealer", FACTORY_ADMIN, args=dealer_a, hidden=hidden_unless("dealer_a")),
    Entry(
        "catalog:pricing_dealer",
        FACTORY_ADMIN,
        args=dealer_a,
        method="POST",
        data=lambda world: {"terms": "1", "discount_percent": "5"},
        hidden=hidden_unless("dealer_a"),
    ),
    Entry(
        "catalog:pricing_group_discount_delete", FACTORY_ADMIN, args=group_discount, method="POST"
    ),
    Entry("catalog:pricing_promotions", FACTORY_ADMIN),
    Entry("catalog:pricing_promotion_create", FACTORY_ADMIN),
    Entry(
        "catalog:pricing_promotion_create",
        FACTORY_ADMIN,
        method="POST",
        data=lambda world: {
            "name": "Новая",
            "starts_on": "2026-02-01",
            "ends_on": "2026-02-28",
            "percent": "5",
            # no groups or articles: the allowed admin gets the form back with the error (200)
            "all_dealers": "on",
            "is_active": "on",
        },
    ),
    Entry("catalog:pricing_promotion", FACTORY_ADMIN, args=promotion),
    Entry("catalog:pricing_subdealers", DEALER_ADMINS),
    Entry(
        "catalog:pricing_subdealers",
        DEALER_ADMINS,
        method="POST",
        data=lambda world: {"markup": "1", "percent": "12"},
    ),
    Entry(
        "catalog:pricing_markup_delete",
        frozenset({"dealer_a_admin"}),
        args=markup,
        method="POST",
        hidden=frozenset({"dealer_b_admin"}),
    ),
    Entry(
        "catalog:pricing_fixed_price_delete",
        frozenset({"dealer_a_admin"}),
        args=fixed_price,
        method="POST",
        hidden=frozenset({"dealer_b_admin"}),
    ),
    Entry("api:group-list", LOGGED_IN),
    Entry("api:group-detail", LOGGED_IN, args=group),
    Entry("api:product-list", LOGGED_IN),
    Entry("api:product-detail", LOGGED_IN, args=product),
    Entry("api:product-stock", LOGGED_IN, args=product),
    Entry("api:product-price-explanation", NOT_SUBDEALERS, args=product),
]


# The owner dimension (tests/access/owners.py): the same terms of every company.


def owned_dealer(world, owner: str) -> dict:
    return {"pk": world.orgs[owner].pk}


def owned_group_discount(world, owner: str) -> dict:
    row = DealerGroupDiscount.objects.create(
        dealer=world.orgs[owner], group=builders.group("Стекло"), percent=Decimal("5")
    )
    return {"pk": row.pk}


def owned_markup(world, owner: str) -> dict:
    return {"pk": SubdealerMarkup.objects.create(dealer=world.orgs[owner], percent=Decimal("5")).pk}


def owned_fixed_price(world, owner: str) -> dict:
    row = SubdealerFixedPrice.objects.create(
        dealer=world.orgs[owner], offer=builders.product("Ручка"), amount=Decimal("9")
    )
    return {"pk": row.pk}


def _dealer_terms(role: str, owner: str) -> str:
    """Only dealers have terms: a sub-dealer's page is missing for everybody."""
    if KIND[owner] != "dealer":
        return "hidden"
    return on_object(sees_organisation, only("factory_admin"))(role, owner)


# A dealer's mark-ups and fixed prices: its admin only. Who may not manage sub-dealer prices at
# all gets 403 before the row is looked up; another dealer's admin gets 404, as for a missing row.
_own_dealer_admin = on_object(own_company, own_company, gate=DEALER_ADMINS)


def _factory_admin(role: str, owner: str) -> str:
    return "allow" if role == "factory_admin" else "forbidden"


OWNED = {
    "catalog:pricing_dealer": {"owned": owned_dealer, "rule": _dealer_terms},
    "catalog:pricing_group_discount_delete": {
        "owned": owned_group_discount,
        "rule": _factory_admin,
        "owners": DEALERS,
    },
    "catalog:pricing_markup_delete": {
        "owned": owned_markup,
        "rule": _own_dealer_admin,
        "owners": DEALERS,
    },
    "catalog:pricing_fixed_price_delete": {
        "owned": owned_fixed_price,
        "rule": _own_dealer_admin,
        "owners": DEALERS,
    },
}
ENTRIES = [replace(entry, **OWNED.get(entry.route, {})) for entry in ENTRIES]
