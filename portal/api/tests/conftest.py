"""API clients for the world's people, and a check that a refused request changed nothing."""

from contextlib import contextmanager

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.accounts.models import Invitation, User
from portal.audit.models import AuditEvent
from portal.organisations.models import LegalEntity, Organisation


@pytest.fixture
def api(world):
    """``api("dealer_a_admin")``: a client that sends that person's token; ``api()``: nobody."""

    def client_for(name: str | None = None) -> APIClient:
        client = APIClient()
        if name is not None:
            token, _ = Token.objects.get_or_create(user=world.users[name])
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


def _database_state():
    return (
        list(Organisation.objects.order_by("pk").values()),
        list(LegalEntity.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values()),
        list(Invitation.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def unchanged(world):
    """``with unchanged(): …`` fails when the block changed a company, person or audit row."""

    @contextmanager
    def check():
        before = _database_state()
        yield
        assert _database_state() == before

    return check
