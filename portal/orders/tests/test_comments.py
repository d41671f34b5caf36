"""Comments with files: types and sizes checked by extension and content, errors name the file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.core.errors import DomainError
from portal.notifications.models import Notification
from portal.orders import services
from portal.orders.models import OrderAttachment, OrderComment

from .conftest import state, submitted

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_comment_with_good_files_is_kept_and_notifies_the_other_side(world, shop, media):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    comment = services.order_comment_add(
        actor=world.actor("dealer_a_employee"),
        order_id=order.pk,
        text="Чертёж проёма и спецификация",
        files=[
            SimpleUploadedFile("проём.pdf", PDF),
            SimpleUploadedFile("фото.png", PNG),
            SimpleUploadedFile("спецификация.xlsx", xlsx_bytes()),
            SimpleUploadedFile("заметки.txt", "Размеры 1200 на 1400".encode("cp1251")),
        ],
    )
    names = list(comment.attachments.values_list("original_name", flat=True))
    assert names == ["проём.pdf", "фото.png", "спецификация.xlsx", "заметки.txt"]
    assert all(a.file.name.startswith("orders/") for a in comment.attachments.all())
    assert (media / comment.attachments.first().file.name).exists()
    assert order.events.filter(kind="comment").exists()
    assert Notification.objects.filter(recipient=world.manager_a, kind="order_comment").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "«virus.exe»: такой тип прикреплять нельзя"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "«fake.pdf» не похож на PDF"),
        ("fake.xlsx", b"PK\x03\x04broken", "«fake.xlsx» не похож на XLSX"),
        ("binary.txt", b"\x00\x01\x02", "«binary.txt» не похож на TXT"),
        ("empty.png", b"", "«empty.png» пустой"),
    ],
)
def test_bad_files_are_refused_by_name_and_nothing_is_written(
    world, shop, media, name, content, message
):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    before = state(order.pk)
    with pytest.raises(DomainError, match=message):
        services.order_comment_add(
            actor=world.actor("dealer_a_employee"),
            order_id=order.pk,
            text="файлы",
            files=[SimpleUploadedFile("good.pdf", PDF), SimpleUploadedFile(name, content)],
        )
    assert state(order.pk) == before
    assert not OrderComment.objects.exists() and not OrderAttachment.objects.exists()


def test_a_file_over_ten_megabytes_is_refused(world, shop, media):
    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DomainError, match=r"«big\.pdf» больше 10 МБ"):
        services.order_comment_add(
            actor=world.actor("dealer_a_employee"), order_id=order.pk, files=[big]
        )


def test_strangers_cannot_comment(world, shop, media):
    from django.http import Http404

    order = submitted(world, "dealer_a_employee", [(shop.door, "1")])
    with pytest.raises(Http404):
        services.order_comment_add(actor=world.actor("dealer_b_admin"), order_id=order.pk, text="!")
    with pytest.raises(Http404):
        services.order_comment_add(actor=world.actor("sub_a1_admin"), order_id=order.pk, text="!")
