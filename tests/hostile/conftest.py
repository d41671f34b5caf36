"""The portal the hostile files are thrown at: the world, a priced product the valid order form
names, an order to comment on and to be paid by 1C, and the 1C exchange account."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from portal.accounts.models import User
from portal.catalog.tests import builders
from portal.orders import services as order_services
from portal.orders.models import Order
from portal.orders.workflow import OrderStatus
from portal.organisations.roles import Role
from portal.pricing.models import SubdealerMarkup

from .paths import PASSWORD, Portal

EXCHANGE_EMAIL = "1c-hostile@factory.test"


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXCHANGE_UPLOAD_DIR = tmp_path / "uploads"
    settings.EXCHANGE_USERS = [EXCHANGE_EMAIL]


@pytest.fixture
def portal(world, tmp_path, django_capture_on_commit_callbacks) -> Portal:
    base = builders.price_type("Оптовая")
    group = builders.group("Двери")
    builders.product("Дверь «Проверка»", group=group, prices={base: "10000"}, article="HST-DV-1")
    for dealer in (world.dealer_a, world.dealer_b):
        SubdealerMarkup.objects.create(dealer=dealer, percent=Decimal("10"))
    account = User.objects.create_user(
        EXCHANGE_EMAIL, PASSWORD, full_name="1С", organisation=world.factory, role=Role.ADMIN
    )
    Order.objects.create(
        number="HST-000001",
        status=OrderStatus.CONFIRMED,
        buyer=world.dealer_a,
        seller=world.factory,
        legal_entity=world.legal_entities["dealer_a"],
        author=world.dealer_a_admin,
        submitted_at=timezone.now(),
        total=Decimal("1000.00"),
        vat_total=Decimal("166.67"),
        subtotal=Decimal("833.33"),
    )
    draft = order_services.order_create(actor=world.actor("dealer_a_admin"))
    folder = tmp_path / "files"
    folder.mkdir()
    return Portal(
        world=world,
        folder=folder,
        exchange_user=account,
        commits=django_capture_on_commit_callbacks,
        order_id=draft.pk,
    )
