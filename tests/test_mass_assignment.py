"""Mass assignment: no write operation stores a field its caller must not set.

Every POST/PUT/PATCH of the API schema is exercised (a new operation fails here until it has
a recipe below, or a line in ``SKIPPED`` saying why not): as a person allowed to make the
write, once with a valid body and once with the same body plus hostile fields (another
company, prices, status, credit limit, staff flags, author, number, paid amounts), each in a
savepoint that is rolled back. Hostile keys are the ones the operation's request schema does
not document, at the top level and inside every documented object (e.g. each line change).
Both runs must succeed and store exactly the same rows; the hostile values appear nowhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from portal.billing.services.invoices import invoice_issue_for_order
from portal.demo.requisites import company_inn
from portal.orders import services as orders
from portal.orders.models import OrderUnit
from portal.organisations.services import organisation_set_blocked
from tests.api_world import ApiWorld, build_api_world
from tests.db_snapshot import snapshot, stored

MONEY = "777777.77"
TEXT = "HACK-4242"


def hostile_fields(data: ApiWorld) -> dict:
    stranger_org = data.world.orgs["dealer_b"].pk
    stranger = data.world.users["dealer_b_admin"].pk
    return {
        **dict.fromkeys(
            ["organisation", "organisation_id", "dealer", "dealer_id", "buyer", "buyer_id"],
            stranger_org,
        ),
        **dict.fromkeys(["seller", "seller_id", "parent_id"], stranger_org),
        **dict.fromkeys(
            ["price", "unit_price", "total", "subtotal", "vat_total", "line_total"], MONEY
        ),
        **dict.fromkeys(["paid_amount", "paid", "remaining", "amount", "credit_limit"], MONEY),
        **dict.fromkeys(["discount", "discount_percent"], "99.00"),
        **dict.fromkeys(["author", "author_id", "created_by", "created_by_id"], stranger),
        **dict.fromkeys(["invited_by", "user", "user_id", "manager"], stranger),
        "status": "completed",
        "state": "accepted",
        "credit_mode": "unlimited",
        "is_staff": True,
        "is_superuser": True,
        "is_active": False,
        "role": "admin",
        "number": TEXT,
        "factory_number": TEXT,
        "token": TEXT,
        "version": 999,
    }


# ---------------------------------------------------------------- recipes


@dataclass
class Recipe:
    role: str
    body: Callable[[ApiWorld], dict] = lambda data: {}
    target: Callable[[ApiWorld], int] | None = None  # the {id} of the path
    setup: Callable[[ApiWorld], None] = lambda data: None
    multipart: bool = False
    writes: bool = True  # False: the operation only reads (a preview, a quote)
    extra: dict = field(default_factory=dict)


def order(key: str) -> Callable[[ApiWorld], int]:
    return lambda data: data.orders[key].pk


def actor(data: ApiWorld, name: str):
    return data.world.actor(name)


def units(data: ApiWorld, key: str) -> list[int]:
    order_id = data.orders[key].pk
    rows = OrderUnit.objects.filter(line__order_id=order_id).order_by("pk")
    return list(rows.values_list("pk", flat=True))


def _units_through(data: ApiWorld, steps: list[str]) -> None:
    """The first unit of the order in production moved through ``steps``."""
    manager, buyer = actor(data, "manager_a"), actor(data, "dealer_a_admin")
    first = units(data, "production_a")[:1]
    order_id = data.orders["production_a"].pk
    calls = {
        "ready": lambda: orders.units_mark_ready(actor=manager, order_id=order_id, unit_ids=first),
        "ship": lambda: orders.units_ship(
            actor=manager, order_id=order_id, unit_ids=first, shipment_document="РН-1"
        ),
        "receive": lambda: orders.units_receive(actor=buyer, order_id=order_id, unit_ids=first),
    }
    for step in steps:
        calls[step]()


def _changed_by_seller(data: ApiWorld) -> None:
    line = data.orders["moderation_a"].lines.order_by("position").first()
    orders.order_change_lines(
        actor=actor(data, "manager_a"),
        order_id=data.orders["moderation_a"].pk,
        changes=[{"line_id": line.pk, "quantity": "5"}],
    )


def _asked(data: ApiWorld) -> None:
    orders.order_ask_question(
        actor=actor(data, "manager_a"), order_id=data.orders["moderation_a"].pk, text="Цвет?"
    )


def _handed(data: ApiWorld) -> None:
    orders.order_hand_to_1c(
        actor=actor(data, "manager_a"), order_id=data.orders["confirmed_a"].pk, factory_number="1"
    )


def _first_line(key: str) -> Callable[[ApiWorld], dict]:
    def body(data: ApiWorld) -> dict:
        line = data.orders[key].lines.order_by("position").first()
        return {"changes": [{"line": line.pk, "quantity": "4"}], "comment": "Минимальная партия"}

    return body


def _invoice_of_confirmed(data: ApiWorld) -> int:
    invoice = invoice_issue_for_order(
        actor=actor(data, "accountant"), order_id=data.orders["confirmed_a"].pk
    )
    return invoice.pk


def _invitation(data: ApiWorld) -> int:
    from portal.accounts.models import Invitation

    return Invitation.objects.filter(accepted_at=None, revoked_at=None).first().pk


def _block_sub_a1(data: ApiWorld) -> None:
    organisation_set_blocked(
        actor=actor(data, "dealer_a_admin"), organisation_id=data.world.sub_a1.pk, blocked=True
    )


def _block_employee(data: ApiWorld) -> None:
    from portal.accounts.services import user_set_active

    user_set_active(
        actor=actor(data, "dealer_a_admin"),
        user_id=data.world.users["dealer_a_employee"].pk,
        active=False,
    )


def _quote(data: ApiWorld) -> dict:
    return {"choices": {"width": "1300", "height": "1400"}}


RECIPES: dict[str, Recipe] = {
    "invitations_create": Recipe(
        "dealer_a_admin",
        lambda d: {
            "organisation": d.world.dealer_a.pk,
            "email": "invited@example.test",
            "role": "employee",
            "full_name": "Приглашённый",
        },
    ),
    "invitations_revoke_create": Recipe("dealer_a_admin", target=_invitation),
    "invoices_create": Recipe("accountant", lambda d: {"order": d.orders["confirmed_a"].pk}),
    "invoices_cancel_create": Recipe(
        "accountant", lambda d: {"reason": "Ошибка"}, target=_invoice_of_confirmed
    ),
    "legal_entities_create": Recipe(
        "dealer_a_admin",
        lambda d: {
            "organisation": d.world.dealer_a.pk,
            "name": "ООО «Второе юрлицо»",
            "inn": company_inn(4242),
            "kpp": "770101001",
        },
    ),
    "legal_entities_partial_update": Recipe(
        "dealer_a_admin",
        lambda d: {"name": "ООО «Новое имя»"},
        target=lambda d: d.world.legal_entities["dealer_a"].pk,
    ),
    "orders_create": Recipe("dealer_a_admin", lambda d: {"colour": "Синий"}),
    "orders_partial_update": Recipe(
        "dealer_a_admin", lambda d: {"colour": "Синий"}, target=order("draft_a")
    ),
    "orders_accept_changes_create": Recipe(
        "dealer_a_admin", target=order("moderation_a"), setup=_changed_by_seller
    ),
    "orders_add_line_create": Recipe(
        "dealer_a_admin",
        lambda d: {"offer": d.offers[0].pk, "quantity": "1"},
        target=order("draft_a"),
    ),
    "orders_answer_create": Recipe(
        "dealer_a_admin", lambda d: {"text": "Белый"}, target=order("moderation_a"), setup=_asked
    ),
    "orders_ask_create": Recipe(
        "manager_a", lambda d: {"text": "Какой цвет?"}, target=order("moderation_a")
    ),
    "orders_cancel_create": Recipe(
        "dealer_a_admin", lambda d: {"reason": "Передумали"}, target=order("moderation_a")
    ),
    "orders_change_lines_create": Recipe(
        "manager_a", _first_line("moderation_a"), target=order("moderation_a")
    ),
    "orders_comments_create": Recipe(
        "dealer_a_admin", lambda d: {"text": "Комментарий"}, target=order("draft_a"), multipart=True
    ),
    "orders_confirm_create": Recipe("manager_a", target=order("moderation_a")),
    "orders_copy_create": Recipe("dealer_a_admin", target=order("confirmed_a")),
    "orders_hand_to_1c_create": Recipe(
        "manager_a", lambda d: {"factory_number": "ЗК-7"}, target=order("confirmed_a")
    ),
    "orders_lines_create": Recipe(
        "dealer_a_admin", _first_line("draft_a"), target=order("draft_a")
    ),
    "orders_reject_create": Recipe(
        "manager_a", lambda d: {"reason": "Нет в производстве"}, target=order("moderation_a")
    ),
    "orders_start_production_create": Recipe(
        "manager_a", target=order("confirmed_a"), setup=_handed
    ),
    "orders_submit_create": Recipe("dealer_a_admin", target=order("draft_a")),
    "orders_units_ready_create": Recipe(
        "manager_a", lambda d: {"units": units(d, "production_a")[:1]}, target=order("production_a")
    ),
    "orders_units_ship_create": Recipe(
        "manager_a",
        lambda d: {"units": units(d, "production_a")[:1], "shipment_document": "РН-2"},
        target=order("production_a"),
        setup=lambda d: _units_through(d, ["ready"]),
    ),
    "orders_units_receive_create": Recipe(
        "dealer_a_admin",
        lambda d: {"units": units(d, "production_a")[:1]},
        target=order("production_a"),
        setup=lambda d: _units_through(d, ["ready", "ship"]),
    ),
    "orders_units_sell_create": Recipe(
        "dealer_a_admin",
        lambda d: {"units": units(d, "production_a")[:1]},
        target=order("production_a"),
        setup=lambda d: _units_through(d, ["ready", "ship", "receive"]),
    ),
    "orders_from_cart_create": Recipe("dealer_a_employee"),
    "orders_quick_create": Recipe("dealer_a_admin", lambda d: {"text": "DV-100 2\nOK-200 1"}),
    "organisations_create": Recipe(
        "dealer_a_admin", lambda d: {"kind": "subdealer", "name": "Субдилер А2"}
    ),
    "organisations_partial_update": Recipe(
        "dealer_a_admin", lambda d: {"region": "Тверь"}, target=lambda d: d.world.sub_a1.pk
    ),
    "organisations_block_create": Recipe("dealer_a_admin", target=lambda d: d.world.sub_a1.pk),
    "organisations_unblock_create": Recipe(
        "dealer_a_admin", target=lambda d: d.world.sub_a1.pk, setup=_block_sub_a1
    ),
    "payments_create": Recipe(
        "accountant",
        lambda d: {
            "payer": d.world.legal_entities["dealer_a"].pk,
            "amount": "100.00",
            "date": str(timezone.localdate() - timedelta(days=1)),
            "number": "П-7",
        },
    ),
    "users_block_create": Recipe(
        "dealer_a_admin", target=lambda d: d.world.users["dealer_a_employee"].pk
    ),
    "users_unblock_create": Recipe(
        "dealer_a_admin",
        target=lambda d: d.world.users["dealer_a_employee"].pk,
        setup=_block_employee,
    ),
    "users_role_create": Recipe(
        "dealer_a_admin",
        lambda d: {"role": "accountant"},
        target=lambda d: d.world.users["dealer_a_employee"].pk,
    ),
    "configurator_quote": Recipe("dealer_a_admin", _quote, writes=False),
    "balances_adjustments_create": Recipe(
        "accountant",
        lambda d: {"amount": "150.00", "on": str(timezone.localdate()), "reason": "Сверка"},
        target=lambda d: d.world.legal_entities["dealer_a"].pk,
    ),
}

SKIPPED = {
    # A login: the body is an e-mail and a password; the token belongs to whoever they are.
    "auth_token_create": "exchanges credentials for the caller's own token",
    # Needs the token of a preview made from an uploaded file (see the next two lines).
    "orders_import_preview_create": "multipart upload of an .xlsx; stores nothing",
    "orders_import_accept_create": "takes only the preview token and the draft's details, "
    "which are the same DetailsInput as orders_create (covered there)",
}


# ---------------------------------------------------------------- the operations


def _write_operations() -> dict[str, tuple[str, str, dict, dict]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("post", "put", "patch"):
                found[operation["operationId"]] = (method, path, operation, schema)
    return found


OPERATIONS = _write_operations()

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_api_world()
        transaction.set_rollback(True)


def test_every_recipe_names_an_operation_of_the_schema():
    assert set(RECIPES) | set(SKIPPED) <= set(OPERATIONS)
    assert not set(RECIPES) & set(SKIPPED)


@pytest.mark.parametrize("operation_id", sorted(OPERATIONS))
def test_hostile_fields_are_not_stored(operation_id, api_world):
    if operation_id in SKIPPED:
        return
    recipe = RECIPES.get(operation_id)
    assert recipe is not None, f"{operation_id}: add a recipe to RECIPES (or a reason to SKIPPED)"
    method, path, operation, schema = OPERATIONS[operation_id]

    clean_status, clean = _run(api_world, recipe, method, path, hostile=None)
    assert 200 <= clean_status < 300, f"the recipe itself fails: {clean_status} {clean}"
    assert bool(clean["stored"]) == recipe.writes, "the recipe writes nothing"

    body_schema = _request_schema(operation, schema, recipe.multipart)
    hostile = hostile_fields(api_world)
    status, result = _run(api_world, recipe, method, path, hostile=(hostile, body_schema, schema))
    assert status == clean_status, result["body"]
    assert result["stored"] == clean["stored"]
    assert MONEY not in repr(result["stored"]) and TEXT not in repr(result["stored"])


def _run(data: ApiWorld, recipe: Recipe, method: str, path: str, *, hostile) -> tuple[int, dict]:
    with transaction.atomic():
        base = snapshot()
        recipe.setup(data)
        body = recipe.body(data)
        if hostile is not None:
            fields, body_schema, schema = hostile
            body = _with_hostile(body, body_schema, schema, fields)
        url = path.replace("{id}", str(recipe.target(data))) if recipe.target else path
        url = url.replace("{code}", "pvc-window")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {data.tokens[recipe.role]}")
        before = snapshot()
        response = getattr(client, method)(
            url, body, format="multipart" if recipe.multipart else "json"
        )
        result = {"stored": stored(before, snapshot(), base=base), "body": response.content[:500]}
        transaction.set_rollback(True)
    return response.status_code, result


def _request_schema(operation: dict, schema: dict, multipart: bool) -> dict:
    content = operation.get("requestBody", {}).get("content", {})
    media = "multipart/form-data" if multipart else "application/json"
    return _resolve(content.get(media, {}).get("schema", {}), schema)


def _resolve(node: dict, schema: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _with_hostile(body, body_schema: dict, schema: dict, fields: dict):
    """``body`` with every hostile key its schema does not document, recursively."""
    body_schema = _resolve(body_schema, schema)
    if isinstance(body, dict) and "additionalProperties" in body_schema:
        return body  # a free-form map (parameter code → value): every key is the caller's
    if isinstance(body, dict):
        documented = body_schema.get("properties", {})
        result = {
            key: _with_hostile(value, documented.get(key, {}), schema, fields)
            for key, value in body.items()
        }
        result.update({key: value for key, value in fields.items() if key not in documented})
        return result
    if isinstance(body, list):
        item = body_schema.get("items", {})
        return [_with_hostile(value, item, schema, fields) for value in body]
    return body


assert Decimal(MONEY)  # a valid amount, so nothing refuses it as malformed


# ---------------------------------------------------------------- the web forms

# Write forms and the fields on them that name something sensitive, with who may set it (the
# view checks that person's right; the form only reads the value). A new form that declares
# such a field fails test_web_forms_declare_only_justified_sensitive_fields until it is here.
SENSITIVE = {
    "organisation", "organisation_id", "dealer", "dealer_id", "buyer", "seller", "parent",
    "price", "unit_price", "total", "discount", "discount_percent", "status", "credit_limit",
    "is_staff", "is_superuser", "role", "author", "created_by", "number", "paid_amount",
    "amount", "manager",
}  # fmt: skip
JUSTIFIED = {
    "forms_billing.AdjustmentForm": {"amount"},  # the factory's accountant
    "forms_billing.AllocateForm": {"amount"},  # the factory's accountant
    "forms_billing.CreditLimitForm": {"amount"},  # the factory's accountant or admin
    "forms_billing.PaymentForm": {"amount", "number"},  # the factory's accountant
    "forms_configurator.OptionCreateForm": {"price"},  # the factory admin's model editor
    "forms_configurator.ParameterCreateForm": {"price"},  # the same
    "forms_organisations.InviteForm": {"role"},  # the company's (or its dealer's) admin
    "forms_organisations.OrganisationForm": {"manager"},  # the factory admin only (service)
    "forms_pricing.DealerTermsForm": {"discount_percent"},  # the factory (price terms)
    "forms_pricing.FixedPriceForm": {"amount"},  # a dealer's price for its sub-dealer
}
# Forms that only filter a list (GET): nothing they carry is stored.
FILTER_FORMS = {
    "forms_billing.DocumentFilterForm",
    "forms_billing.PeriodForm",
    "forms_catalog.CatalogFilterForm",
    "forms_orders.OrderFilterForm",
    "forms_organisations.OrganisationFilterForm",
    "forms_people.AuditFilterForm",
    "forms_people.UserFilterForm",
}


def _web_forms() -> dict:
    import importlib
    import inspect
    import pkgutil

    from django import forms

    import portal.web

    found = {}
    for module_info in pkgutil.iter_modules(portal.web.__path__):
        if not module_info.name.startswith("forms"):
            continue
        module = importlib.import_module(f"portal.web.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{module_info.name}.{name}"] = cls
    return found


def test_web_forms_declare_only_justified_sensitive_fields():
    from django import forms

    problems = []
    for name, cls in _web_forms().items():
        if name in FILTER_FORMS:
            continue
        meta = getattr(cls, "_meta", None)
        if issubclass(cls, forms.ModelForm) and (
            meta.fields in (None, forms.ALL_FIELDS) or meta.exclude
        ):
            problems.append(f"{name}: a ModelForm must list its fields")
        sensitive = set(cls.base_fields) & SENSITIVE
        if sensitive - JUSTIFIED.get(name, set()):
            problems.append(f"{name}: {sorted(sensitive - JUSTIFIED.get(name, set()))}")
    assert problems == []
    assert set(JUSTIFIED) | FILTER_FORMS <= set(_web_forms())


@dataclass
class WebRecipe:
    role: str
    url: Callable[[ApiWorld], str]
    data: Callable[[ApiWorld], dict]
    form: str  # the form the view reads; its own fields are not sent as hostile
    setup: Callable[[ApiWorld], None] = lambda data: None
    hostile: Callable[[ApiWorld], dict] = lambda data: {}  # fields only this form could take


def _line(data: ApiWorld, key: str):
    return data.orders[key].lines.order_by("position").first()


WEB_RECIPES = {
    "cart add": WebRecipe(
        "dealer_a_employee",
        lambda d: "/cart/add/",
        lambda d: {"offer": d.offers[1].pk, "quantity": "2"},
        "forms_cart.AddForm",
    ),
    "cart order": WebRecipe(
        "dealer_a_employee",
        lambda d: "/cart/order/",
        lambda d: {
            "kind": "standard",
            "colour": "Белый",
            "legal_entity": d.world.legal_entities["dealer_a"].pk,
        },
        "forms_cart.CartOrderForm",
    ),
    "order lines (buyer)": WebRecipe(
        "dealer_a_admin",
        lambda d: f"/orders/{d.orders['draft_a'].pk}/lines/",
        lambda d: {
            "version": d.orders["draft_a"].__class__.objects.get(pk=d.orders["draft_a"].pk).version,
            f"quantity-{_line(d, 'draft_a').pk}": "7",
        },
        "forms_orders.LinesForm",
        hostile=lambda d: {
            f"unit_price-{_line(d, 'draft_a').pk}": MONEY,
            f"discount_percent-{_line(d, 'draft_a').pk}": "99",
        },
    ),
    "organisation create": WebRecipe(
        "dealer_a_admin",
        lambda d: f"/organisations/{d.world.dealer_a.pk}/new/",
        lambda d: {"name": "Субдилер А3", "region": "Тула"},
        "forms_organisations.OrganisationForm",
    ),
    "organisation edit": WebRecipe(
        "dealer_a_admin",
        lambda d: f"/organisations/{d.world.sub_a1.pk}/edit/",
        lambda d: {"name": "Субдилер А1", "region": "Калуга"},
        "forms_organisations.OrganisationForm",
    ),
    "legal entity create": WebRecipe(
        "dealer_a_admin",
        lambda d: f"/organisations/{d.world.dealer_a.pk}/legal-entities/new/",
        lambda d: {"name": "ООО «Третье»", "inn": company_inn(4343), "kpp": "770101001"},
        "forms_organisations.LegalEntityForm",
    ),
    "legal entity edit": WebRecipe(
        "dealer_a_admin",
        lambda d: f"/organisations/legal-entities/{d.world.legal_entities['dealer_a'].pk}/edit/",
        lambda d: {
            "name": "ООО «Дилер А» (новое)",
            "inn": d.world.legal_entities["dealer_a"].inn,
            "kpp": "770101001",
            "is_active": "on",
        },
        "forms_organisations.LegalEntityForm",
    ),
    "invitation": WebRecipe(
        "dealer_a_admin",
        lambda d: f"/organisations/{d.world.dealer_a.pk}/invite/",
        lambda d: {"email": "web.invited@example.test", "role": "employee", "full_name": "Гость"},
        "forms_organisations.InviteForm",
    ),
    "payment": WebRecipe(
        "accountant",
        lambda d: "/billing/payments/new/",
        lambda d: {
            "payer": d.world.legal_entities["dealer_a"].pk,
            "amount": "250.00",
            "on": str(timezone.localdate()),
            "number": "П-9",
            "purpose": "Оплата",
        },
        "forms_billing.PaymentForm",
    ),
    "invoice": WebRecipe(
        "accountant",
        lambda d: f"/billing/orders/{d.orders['confirmed_a'].pk}/invoice/",
        lambda d: {},
        "forms_billing.ReasonForm",
    ),
    "dealer price terms": WebRecipe(
        "factory_admin",
        lambda d: f"/catalog/pricing/dealers/{d.world.dealer_a.pk}/",
        lambda d: {"terms": "1", "discount_percent": "7"},
        "forms_pricing.DealerTermsForm",
    ),
}


@pytest.mark.parametrize("name", sorted(WEB_RECIPES))
def test_web_form_ignores_hostile_fields(name, api_world):
    recipe = WEB_RECIPES[name]
    declared = set(_web_forms()[recipe.form].base_fields)
    clean_status, clean = _web_run(api_world, recipe, hostile=False)
    assert clean_status == 302, f"the recipe itself fails: {clean_status} {clean['body']}"
    assert clean["stored"], "the recipe writes nothing"

    status, result = _web_run(api_world, recipe, hostile=True, declared=declared)
    assert status == clean_status, result["body"]
    assert result["stored"] == clean["stored"]
    assert MONEY not in repr(result["stored"]) and TEXT not in repr(result["stored"])


def _web_run(data: ApiWorld, recipe: WebRecipe, *, hostile: bool, declared=()) -> tuple:
    with transaction.atomic():
        base = snapshot()
        recipe.setup(data)
        body = recipe.data(data)
        if hostile:
            extra = {k: v for k, v in hostile_fields(data).items() if k not in declared}
            body = {**extra, **recipe.hostile(data), **body}
        client = data.world.client(recipe.role)
        before = snapshot()
        response = client.post(recipe.url(data), body)
        result = {"stored": stored(before, snapshot(), base=base), "body": response.content[:300]}
        transaction.set_rollback(True)
    return response.status_code, result
