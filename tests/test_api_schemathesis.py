"""Schemathesis over the whole API schema, for each role, in-process against the WSGI app.

On the world with demo-like data (``tests/api_world.py``: orders in several states, an
invoice, a payment, units, a cart, an invitation, configurator models), with each person's
token:

- ``test_positive``: every operation × every role in ``ROLES``, schema-valid data (the
  examples and fuzzing phases; half of the path ids are real ones): no 5xx, and the status
  code, content type, headers and body are the documented ones;
- ``test_negative``: every operation, data that violates the schema (the coverage and fuzzing
  phases), for ``NEGATIVE_ROLES``: refused with a documented 4xx, never a 5xx;
- ``test_stateful``: per role, scenarios along the links schemathesis infers between the
  operations (an order's id from a list into its detail and its verbs, …);
- ``test_anonymous``: every operation documents a security requirement and answers 401
  without credentials.

Each generated request (each stateful scenario) runs in a savepoint that is rolled back, so
examples don't leak into each other; the world lives in a transaction rolled back after the
module. The budget numbers below keep the module at about 3 minutes on SQLite on one core.
Generation is derandomized, so CI runs the same cases every time (a failure reproduces); to
explore further, run it locally with ``derandomize=False`` and more examples.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from tests.api_ids import known_ids, path_id_strategy
from tests.api_world import build_api_world

ROLES = [
    "factory_admin",
    "manager_a",
    "accountant",
    "dealer_a_admin",
    "dealer_a_accountant",
    "sub_a1_admin",
]
# Negative data: the request is validated before the service checks the role, so one role
# reaches every operation's validation.
NEGATIVE_ROLES = ["dealer_a_admin"]
# The budget (the module runs in about 3 minutes on SQLite on one core): examples per operation
# and role in the fuzzing phase (the examples and coverage phases add their own, deterministic
# ones); scenarios and steps per role in the stateful phase.
POSITIVE_EXAMPLES = 3
NEGATIVE_EXAMPLES = 3
SCENARIOS = 8
STEPS = 5

load_all_checks()
# positive_data_acceptance is left out on purpose: a schema-valid request is often refused by a
# business rule (an order in the wrong status, an id that is not yours) with a documented 400,
# 403 or 404; the checks below hold those answers to the schema. ignored_auth is replaced by
# test_anonymous, which checks every operation without credentials once.
CHECKS_RUN = CHECKS.get_by_names(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)
# The token endpoint counts failed logins (django-axes) and is throttled: fuzzing it would
# only exercise the lock-out. Its own tests cover it (portal/api/tests/test_auth.py).
TOKEN = "/api/v1/auth/token/"

APP = get_wsgi_application()
RAW = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP).raw_schema


def _schema(*, modes, examples: int, phases: list[str]):
    schema = schemathesis.openapi.from_dict(RAW)
    schema.app = APP
    schema.config.generation.update(
        modes=modes, max_examples=examples, with_security_parameters=False, database="none"
    )
    schema.config.phases.update(phases=phases)
    schema.hook(flatmap_path_parameters)
    return schema.exclude(path=TOKEN)


def _has_input(operation: dict) -> bool:
    """An operation without parameters or body (``GET /me/``) has no invalid request."""
    return bool(operation.get("parameters")) or "requestBody" in operation


def flatmap_path_parameters(context, path_parameters):
    """Half of the positive ids are real ones, so requests reach objects and not only 404."""
    return path_id_strategy(context.operation.path, path_parameters)


positive = _schema(
    modes=[schemathesis.GenerationMode.POSITIVE],
    examples=POSITIVE_EXAMPLES,
    phases=["examples", "fuzzing", "stateful"],
)
negative = _schema(
    modes=[schemathesis.GenerationMode.NEGATIVE],
    examples=NEGATIVE_EXAMPLES,
    phases=["coverage", "fuzzing"],
).exclude(func=lambda context: not _has_input(context.operation.definition.raw))
anonymous = _schema(
    modes=[schemathesis.GenerationMode.POSITIVE], examples=1, phases=["examples", "fuzzing"]
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker):
    # Requests go straight to the WSGI app: keep Django from closing the connection (and with it
    # this transaction) at the end of each one, as its own test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            data = build_api_world()
            known_ids.update(data.ids())
            yield data
            known_ids.clear()
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def call(case, headers: dict) -> None:
    with transaction.atomic():
        case.call_and_validate(headers=headers, checks=CHECKS_RUN)
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
@positive.parametrize()
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], database=None, derandomize=True
)
def test_positive(case, role, api_world):
    call(case, api_world.token_header(role))


@pytest.mark.parametrize("role", NEGATIVE_ROLES)
@negative.parametrize()
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], database=None, derandomize=True
)
def test_negative(case, role, api_world):
    call(case, api_world.token_header(role))


@pytest.mark.parametrize("role", ROLES)
def test_stateful(role, api_world):
    headers = api_world.token_header(role)
    machine = positive.as_state_machine()
    linked = positive.operations_with_incoming_links()
    assert {"POST /api/v1/orders/{id}/submit/", "GET /api/v1/invoices/{id}/"} <= linked

    class Machine(machine):
        def get_call_kwargs(self, case):
            return {"headers": headers}

        def setup(self):
            self.scenario = transaction.atomic()
            self.scenario.__enter__()

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS_RUN, transport_kwargs=kwargs)

        def teardown(self):
            transaction.set_rollback(True)
            self.scenario.__exit__(None, None, None)

    Machine.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            database=None,
            derandomize=True,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )


@anonymous.parametrize()
@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture], database=None, derandomize=True
)
def test_anonymous(case, api_world):
    """No credentials: every operation documents a security requirement and answers 401."""
    assert case.operation.definition.raw.get("security"), "every API operation is secured"
    with transaction.atomic():
        response = case.call()
        transaction.set_rollback(True)
    assert response.status_code == 401, (case.operation.label, response.status_code)
    assert set(response.json()) == {"detail"}
