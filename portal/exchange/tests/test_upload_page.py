"""The upload page: the factory admin imports; anyone else is refused and nothing changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.audit.models import AuditEvent
from portal.catalog.models import Product
from portal.exchange.models import ImportRun

from .conftest import PACKAGE

pytestmark = pytest.mark.django_db


def upload(name="import.xml"):
    return SimpleUploadedFile(name, (PACKAGE / name).read_bytes(), content_type="text/xml")


def test_factory_admin_uploads_and_follows_the_run(world, django_capture_on_commit_callbacks):
    client = world.client("factory_admin")
    assert client.get(reverse("exchange:list")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exchange:list"), {"files": [upload("import.xml"), upload("offers.xml")]}
        )
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:detail", args=[run.pk])
    assert run.status == ImportRun.Status.SUCCESS
    assert run.user == world.factory_admin
    assert run.counts["products"]["created"] == 3
    assert Product.objects.count() == 3
    assert AuditEvent.objects.filter(action="catalog_imported", object_id=str(run.pk)).exists()
    page = client.get(reverse("exchange:detail", args=[run.pk]))
    assert page.status_code == 200
    assert "Выполнен" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # finished: no more polling
    history = client.get(reverse("exchange:list")).content.decode()
    assert "import.xml, offers.xml" in history


def test_a_pending_run_polls_with_htmx(world):
    run = ImportRun.objects.create(source=ImportRun.Source.UPLOAD, files=["import.xml"])
    client = world.client("factory_admin")
    response = client.get(reverse("exchange:detail", args=[run.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in body
    assert "<html" not in body  # only the partial


def test_a_refused_upload_shows_the_reason(world, django_capture_on_commit_callbacks):
    client = world.client("factory_admin")
    bad = SimpleUploadedFile("import.xml", b"<?xml version='1.0'?><!DOCTYPE x []><x/>")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("exchange:list"), {"files": [bad]})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    page = client.get(reverse("exchange:detail", args=[run.pk])).content.decode()
    assert "DOCTYPE" in page and "каталог не изменён" in page


def test_wrong_file_type_is_a_form_error(world):
    client = world.client("factory_admin")
    response = client.post(
        reverse("exchange:list"), {"files": [SimpleUploadedFile("prices.xlsx", b"PK")]}
    )
    assert response.status_code == 200
    assert "принимаются только .xml и .zip" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    "name", ["dealer_a_admin", "dealer_a_employee", "sub_a1_admin", "manager_a", "accountant"]
)
def test_others_are_refused_and_nothing_changes(world, name, django_capture_on_commit_callbacks):
    run = ImportRun.objects.create(source=ImportRun.Source.COMMAND, files=["import.xml"])
    client = world.client(name)
    assert client.get(reverse("exchange:list")).status_code == 403
    assert client.get(reverse("exchange:detail", args=[run.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exchange:list"), {"files": [upload()]})
    assert response.status_code == 403
    assert ImportRun.objects.count() == 1
    assert not Product.objects.exists()


def test_anonymous_goes_to_login(world):
    client = world.client(None)
    for url in (reverse("exchange:list"), reverse("exchange:detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_missing_run_is_404(world):
    assert (
        world.client("factory_admin").get(reverse("exchange:detail", args=[999])).status_code == 404
    )
