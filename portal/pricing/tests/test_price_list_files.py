"""Price lists are built once per company, prices and day, by a background job; the page waits
for a build that is still running; any price change makes a new file."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from portal.catalog.tests import builders
from portal.pricing import services
from portal.pricing.models import DealerPriceAssignment
from portal.pricing.price_list_files import FOLDER, price_list_name


@pytest.fixture
def priced(world):
    base = builders.price_type("Оптовая")
    builders.product("Окно ПВХ", article="OK-1", prices={base: "10000.00"})
    DealerPriceAssignment.objects.create(dealer=world.dealer_a, price_type=base)
    return base


def prices_in(response) -> list:
    sheet = load_workbook(BytesIO(response.content), read_only=True).active
    return [row[3] for row in sheet.iter_rows(values_only=True) if row and row[0] == "OK-1"]


def stored_files() -> list[str]:
    return default_storage.listdir(FOLDER)[1] if default_storage.exists(FOLDER) else []


def test_the_file_is_built_once_and_rebuilt_after_a_price_change(
    world, priced, django_capture_on_commit_callbacks
):
    client = world.client("dealer_a_admin")
    url = reverse("catalog:price_list_xlsx")
    first = client.get(url)
    assert first["Content-Disposition"].startswith("attachment")
    assert prices_in(first) == [Decimal("10000.00")]
    [name] = stored_files()
    built_at = default_storage.get_modified_time(f"{FOLDER}/{name}")
    assert client.get(url).content == first.content  # the stored file, not a new build
    assert default_storage.get_modified_time(f"{FOLDER}/{name}") == built_at

    with django_capture_on_commit_callbacks(execute=True):
        services.dealer_terms_set(
            actor=world.actor("factory_admin"),
            dealer=world.dealer_a,
            price_type=priced,
            discount_percent=Decimal("10"),
        )
    second = client.get(url)
    assert prices_in(second) == [Decimal("9000.00")]
    assert len(stored_files()) == 1  # the old list of the company is gone


def test_a_build_in_progress_shows_the_waiting_page(world, priced):
    actor = world.actor("dealer_a_admin")
    from django.core.cache import cache

    cache.add(f"building:{price_list_name(actor, 'pdf')}", 1, 60)  # another request started it
    response = world.client("dealer_a_admin").get(reverse("catalog:price_list_pdf"))
    page = response.content.decode()
    assert response.status_code == 200 and "Готовим прайс-лист" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert stored_files() == []


def test_each_company_gets_its_own_file(world, priced):
    dealer = price_list_name(world.actor("dealer_a_admin"), "xlsx")
    colleague = price_list_name(world.actor("dealer_a_employee"), "xlsx")
    sub = price_list_name(world.actor("sub_a1_admin"), "xlsx")
    assert dealer == colleague and dealer != sub
    assert sub.startswith(f"{FOLDER}/{world.sub_a1.pk}-")
