"""Price lists are built once per company, prices and day, by a background job; the page waits
for a build that is still running; any price change makes a new file."""

import re
from decimal import Decimal
from io import BytesIO
from typing import ClassVar

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.urls import reverse
from django_tasks import default_task_backend
from openpyxl import load_workbook
from pypdf import PdfReader

from portal.catalog.models import Offer
from portal.catalog.tests import builders
from portal.pricing import services
from portal.pricing.models import DealerPriceAssignment, SubdealerFixedPrice, SubdealerMarkup
from portal.pricing.price_list_files import FOLDER, price_list_file, price_list_name


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


def test_the_pdf_stays_russian_when_an_english_reader_orders_it(world, priced):
    """The file is stored for the whole company: the requester's language must not reach it."""
    client = world.client("dealer_a_admin")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(reverse("catalog:price_list_pdf"))
    assert response.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "10,000.00" not in text
    assert "10000,00" in re.sub(r"[\s\u00a0\u202f]", "", text)


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


class CountingStorage(FileSystemStorage):
    """The default storage, counting how often it is asked whether a file exists."""

    asked: ClassVar[list[str]] = []

    def exists(self, name):
        self.asked.append(name)
        return super().exists(name)


@pytest.fixture
def counting_storage(settings):
    CountingStorage.asked.clear()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.CountingStorage"},
    }
    return CountingStorage.asked


def test_starting_a_build_asks_the_storage_once(world, priced, settings, counting_storage):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    actor = world.actor("dealer_a_admin")
    name = price_list_name(actor, "xlsx")

    assert price_list_file(actor, "xlsx") is None  # queued for a worker: ask again shortly
    assert counting_storage == [name]
    [queued] = default_task_backend.results
    assert queued.kwargs == {"user_id": actor.user.pk, "fmt": "xlsx", "name": name}


def test_a_list_built_at_once_or_stored_before_is_read_after_one_check(
    world, priced, counting_storage
):
    actor = world.actor("dealer_a_admin")
    name = price_list_name(actor, "xlsx")
    built = price_list_file(actor, "xlsx")  # the in-process backend builds it on the spot
    assert built is not None and default_storage.exists(name)
    counting_storage.clear()

    assert price_list_file(actor, "xlsx") == built
    assert counting_storage == [name]


def test_a_sub_dealers_list_follows_its_fixed_price_saved_and_deleted(world, priced):
    """Any writer of a fixed price (the service, the admin, an import) makes a new file: the
    version moves on the row's save and delete, not in the service."""
    SubdealerMarkup.objects.create(dealer=world.dealer_a, percent=Decimal("10"))
    client = world.client("sub_a1_admin")
    url = reverse("catalog:price_list_xlsx")
    assert prices_in(client.get(url)) == [Decimal("11000.00")]
    fixed = SubdealerFixedPrice.objects.create(
        dealer=world.dealer_a,
        subdealer=world.sub_a1,
        offer=Offer.objects.get(product__article="OK-1"),
        amount=Decimal("12500.00"),
    )
    assert prices_in(client.get(url)) == [Decimal("12500.00")]
    fixed.delete()
    assert prices_in(client.get(url)) == [Decimal("11000.00")]
