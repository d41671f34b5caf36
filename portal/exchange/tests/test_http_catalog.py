"""A catalog exchange driven like 1C drives it: chunked files, a zip, import until success."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from portal.catalog.models import Offer, Price, Product, ProductImage, StockLevel
from portal.exchange.models import ExchangeFile, ExchangeSession, ImportRun

from .onec import account_fixture, onec_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

HTTP = Path(__file__).parent / "fixtures" / "http"
SHARED = Path("/work/shared/fixtures/commerceml")
IMAGE = "import_files/6f/6f1c1d2a-0001-11ef-8000-000000000001_pic.png"


@pytest.fixture
def started(onec):
    def start(kind="catalog"):
        client = onec(kind)
        assert client.checkauth()[0] == "success"
        return client

    return start


def test_a_full_catalog_exchange_in_three_chunks(started, account):
    onec = started()
    init = onec.call("init")
    assert init[0] == "zip=yes" and init[1] == f"file_limit={2 * 1024 * 1024}"
    catalog = (HTTP / "import.xml").read_bytes()
    onec.send_file("import.xml", catalog, chunks=3)
    onec.send_file("offers.xml", (HTTP / "offers.xml").read_bytes(), chunks=2)
    onec.send_file(IMAGE, (HTTP / IMAGE).read_bytes())

    first = onec.call("import", filename="import.xml")
    assert first[0] == "progress"
    assert onec.import_until_done("import.xml")[0] == "success"
    assert onec.import_until_done("offers.xml")[0] == "success"
    assert onec.call("deactivate", timestamp="1700000000")[0] == "success"
    assert onec.call("complete")[0] == "success"

    uploaded = ExchangeFile.objects.get(name="import.xml")
    assert (uploaded.size, uploaded.chunks) == (len(catalog), 3)  # appended, not overwritten
    assert ExchangeFile.objects.get(name=IMAGE).size == (HTTP / IMAGE).stat().st_size
    run = ImportRun.objects.get()  # both files of the package in one run
    assert (run.source, run.status, sorted(run.files)) == (
        ImportRun.Source.EXCHANGE,
        ImportRun.Status.SUCCESS,
        ["import.xml", "offers.xml"],
    )
    assert run.user == account
    door = Product.objects.get(external_id="6f1c1d2a-0001-11ef-8000-000000000001")
    assert door.group.name == "Двери"
    window = Offer.objects.get(
        external_id="6f1c1d2a-0002-11ef-8000-000000000002#c0a1b2c3-0000-11ef-8000-0000000000aa"
    )
    assert str(Price.objects.get(offer=window).amount) == "8300.50"
    assert StockLevel.objects.get(offer__external_id=door.external_id).quantity == 7
    image = ProductImage.objects.get(product=door)
    assert (Path(django_settings.MEDIA_ROOT) / image.path).read_bytes() == (
        HTTP / IMAGE
    ).read_bytes()
    assert ExchangeSession.objects.get().finished_at is not None


def test_asking_again_after_success_imports_nothing_new(started):
    onec = started()
    onec.call("init")
    onec.send_file("import.xml", (HTTP / "import.xml").read_bytes())
    assert onec.import_until_done("import.xml")[0] == "success"
    assert onec.call("import", filename="import.xml")[0] == "success"
    assert ImportRun.objects.count() == 1


def test_a_zip_sent_in_two_parts_is_unpacked_on_the_first_import(started):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in ("import.xml", "offers.xml", IMAGE):
            bundle.write(HTTP / name, name)
    onec = started()
    onec.call("init")
    onec.send_file("v8_3B8F_3e.zip", buffer.getvalue(), chunks=2)

    assert onec.call("import", filename="import.xml")[:2] == [
        "progress",
        "Архив «v8_3B8F_3e.zip» распакован.",
    ]
    assert onec.import_until_done("import.xml")[0] == "success"
    assert onec.import_until_done("offers.xml")[0] == "success"
    assert Product.objects.count() == 2 and Offer.objects.count() == 2
    assert ExchangeFile.objects.get(name="offers.xml").from_zip == "v8_3B8F_3e.zip"


@pytest.mark.parametrize(
    "name",
    [
        "../evil.xml",
        "import_files/../../evil.xml",
        "/etc/evil.xml",
        "C:/evil.xml",
        "..\\evil.xml",
        "",
    ],
)
def test_a_path_out_of_the_upload_folder_is_refused(started, name, tmp_path):
    onec = started()
    onec.call("init")
    lines = onec.call("file", b"<x/>", filename=name)
    assert lines[0] == "failure" and "Недопустимое имя файла" in lines[1]
    assert not ExchangeFile.objects.exists()
    assert not list(Path(django_settings.EXCHANGE_UPLOAD_DIR).parent.glob("evil.xml"))
    assert not list(Path(django_settings.EXCHANGE_UPLOAD_DIR).glob("evil.xml"))


def test_a_broken_file_fails_with_the_reason_and_changes_nothing(started):
    onec = started()
    onec.call("init")
    onec.send_file("import.xml", (HTTP / "import.xml").read_bytes()[:300])
    lines = onec.import_until_done("import.xml")
    assert lines[0] == "failure" and "import.xml" in lines[1]
    assert not Product.objects.exists()


def test_import_of_a_file_never_sent_fails(started):
    onec = started()
    onec.call("init")
    assert onec.call("import", filename="offers.xml")[0] == "failure"


SHARED_PACKAGE = SHARED / "bigperson__exchange1c"


@pytest.mark.skipif(not SHARED_PACKAGE.is_dir(), reason="shared 1C fixtures are not present")
def test_a_real_ut11_export_through_the_protocol(started):
    onec = started()
    onec.call("init")
    for name in ("import.xml", "offers.xml"):
        onec.send_file(name, (SHARED_PACKAGE / name).read_bytes(), chunks=2)
    assert onec.import_until_done("import.xml")[0] == "success"
    assert onec.import_until_done("offers.xml")[0] == "success"
    assert Product.objects.count() == 2
    assert Offer.objects.filter(external_id__contains="#").count() == 2
