"""What the load test's simulated people use, read from the data set before the test: their
signed-in sessions and the ids they click on. Written as JSON for the locustfile, which does not
import Django.

Each simulated dealer or sub-dealer is a different person of a different company (a cart is
per person, so two simulated people never share one); factory managers share their accounts,
each taking the next order of their moderation queue. Sessions are created directly in the
session store, as a login would: the test measures the pages, not password hashing.
"""

from __future__ import annotations

import random
import secrets

PEOPLE = 160  # per ordering role: more than the test's users
ORDERS_PER_PERSON = 20
INVOICES_PER_PERSON = 5
QUEUE_PER_MANAGER = 3000
OFFERS = 500


def build(seed: int = 6) -> dict:
    from orders_data import MARKER

    from portal.catalog.configurator.models import Parameter, ProductModel
    from portal.catalog.models import Offer, ProductGroup
    from portal.organisations.models import Organisation, OrganisationKind

    rng = random.Random(seed)
    factory = Organisation.objects.get(kind=OrganisationKind.FACTORY, name=MARKER)
    dealers = list(
        Organisation.objects.filter(parent=factory, kind=OrganisationKind.DEALER).order_by("pk")
    )
    subs = list(
        Organisation.objects.filter(parent__in=dealers, kind=OrganisationKind.SUBDEALER).order_by(
            "pk"
        )
    )
    offers = list(
        Offer.objects.filter(
            product__external_id__startswith="bench-", product__is_active=True
        ).values_list("pk", "product_id")[: OFFERS * 20]
    )
    offers = rng.sample(offers, min(OFFERS, len(offers)))
    models = []
    for model in ProductModel.objects.order_by("pk"):
        numeric = Parameter.objects.filter(
            product_model=model,
            type__in=("dimension", "number"),
            min_value__isnull=False,
            max_value__isnull=False,
            condition__isnull=True,
        )
        models.append(
            {
                "code": model.code,
                "numeric": [
                    [p.code, int(p.min_value), int(p.max_value), int(p.step or 1)] for p in numeric
                ],
            }
        )
    groups = list(
        ProductGroup.objects.filter(external_id__startswith="bench-g").values_list("pk", flat=True)
    )
    return {
        "dealers": [_person(org, rng, invoices=True) for org in _pick(dealers, rng)],
        "subdealers": [_person(org, rng) for org in _pick(subs, rng)],
        "managers": _managers(factory),
        "offers": [pk for pk, _ in offers],
        "products": [product for _, product in offers],
        "groups": groups,
        "models": models,
        "searches": ["окно", "дверь входная термо", "подоконник белый", "OK-0012", "сетка"],
    }


def _pick(organisations: list, rng: random.Random) -> list:
    """The first (the big dealer of the order generator) and a random sample of the rest."""
    if len(organisations) <= PEOPLE:
        return organisations
    return [organisations[0], *rng.sample(organisations[1:], PEOPLE - 1)]


def _person(organisation, rng: random.Random, *, invoices: bool = False) -> dict:
    from portal.accounts.models import User
    from portal.billing.models import Invoice
    from portal.orders.models import Order

    user = User.objects.filter(organisation=organisation, is_active=True).order_by("pk").first()
    entity = organisation.legal_entities.order_by("pk").first()
    orders = list(
        Order.objects.filter(buyer=organisation)
        .order_by("-created_at")
        .values_list("pk", flat=True)[:200]
    )
    person = {
        "email": user.email,
        "cookies": session_cookies(user),
        "legal_entity": entity.pk,
        "orders": rng.sample(orders, min(ORDERS_PER_PERSON, len(orders))),
        "invoices": [],
    }
    if invoices:
        person["invoices"] = list(
            Invoice.objects.filter(buyer__organisation=organisation)
            .order_by("-pk")
            .values_list("pk", flat=True)[:INVOICES_PER_PERSON]
        )
    return person


def _managers(factory) -> list[dict]:
    from portal.accounts.models import User
    from portal.orders.models import Order

    managers = []
    for user in User.objects.filter(organisation=factory, role="manager").order_by("pk"):
        queue = list(
            Order.objects.filter(seller=factory, buyer__manager=user, status="on_moderation")
            .order_by("-pk")
            .values_list("pk", flat=True)[:QUEUE_PER_MANAGER]
        )
        managers.append({"email": user.email, "cookies": session_cookies(user), "queue": queue})
    return managers


def session_cookies(user) -> dict:
    """A signed-in session for ``user`` and a CSRF secret: what a login would leave behind."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "portal.accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {
        settings.SESSION_COOKIE_NAME: session.session_key,
        settings.CSRF_COOKIE_NAME: secrets.token_hex(16),  # 32 characters: a CSRF secret
    }
