"""Broken or hostile input is refused with a Russian message naming the file, and the catalog
stays exactly as it was."""

import io
import os
import stat
import zipfile

import pytest

from portal.exchange.commerceml.safety import ImportRefused
from portal.exchange.importer.run import import_catalog
from portal.exchange.models import ImportRun
from portal.exchange.services import catalog_import

from .conftest import PACKAGE

pytestmark = pytest.mark.django_db

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = '<КоммерческаяИнформация ВерсияСхемы="2.05" ДатаФормирования="2025-01-01T00:00:00">'
PRODUCT = (
    '<Каталог СодержитТолькоИзменения="true"><Ид>c</Ид><Товары><Товар><Ид>evil-1</Ид>'
    "<Наименование>{name}</Наименование></Товар></Товары></Каталог>"
)

XXE = (
    HEAD
    + '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    + ROOT
    + PRODUCT.format(name="&xxe;")
    + "</КоммерческаяИнформация>"
)
LAUGHS = (
    HEAD
    + "<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + "]>\n" + ROOT + PRODUCT.format(name="&lol9;") + "</КоммерческаяИнформация>"
)  # fmt: skip
UNDECLARED_ENTITY = HEAD + ROOT + PRODUCT.format(name="&secret;") + "</КоммерческаяИнформация>"
TRUNCATED = HEAD + ROOT + PRODUCT.format(name="Окно")[:60]


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def refused(paths) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        import_catalog(paths)
    return caught.value


@pytest.fixture
def catalog(db, snapshot):
    """A catalog already in place; each test proves it is left untouched."""
    import_catalog([PACKAGE])
    before = snapshot()
    yield
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("xxe.xml", XXE, "DOCTYPE"),
        ("laughs.xml", LAUGHS, "DOCTYPE"),
        ("entity.xml", UNDECLARED_ENTITY, "сущност"),
        ("cut.xml", TRUNCATED, "обрезан"),
        ("notxml.xml", "просто текст", "не является XML"),
        ("empty.xml", "", "пуст"),
        ("other.xml", HEAD + "<html><body/></html>", "не является файлом CommerceML"),
    ],
)
def test_hostile_xml_is_refused(catalog, tmp_path, name, content, words):
    error = refused([PACKAGE / "import.xml", write(tmp_path, name, content)])
    assert words in error.message
    assert f"«{name}»" in error.message


def test_wrong_encoding_names_the_line(catalog, tmp_path):
    text = HEAD + ROOT + "\n" + PRODUCT.format(name="Окно") + "</КоммерческаяИнформация>"
    error = refused([write(tmp_path, "bad.xml", text.encode("cp1251"))])
    assert "кодировк" in error.message
    assert error.line == 2 and "строка 2" in error.message


def test_failure_in_a_later_file_rolls_back_the_earlier_ones(catalog, tmp_path):
    changed = (PACKAGE / "offers.xml").read_text().replace("15400.50", "1")
    refused([write(tmp_path, "offers.xml", changed), write(tmp_path, "rests.xml", TRUNCATED)])


def test_picture_path_escaping_the_folder_is_refused(catalog, tmp_path):
    text = (
        (PACKAGE / "import.xml")
        .read_text()
        .replace("import_files/aa/window-1.png", "../../etc/passwd")
    )
    error = refused([write(tmp_path, "import.xml", text)])
    assert "выходит за пределы" in error.message and error.line


def zip_with(tmp_path, members: dict[str, bytes], *, name="evil.zip", symlink=None):
    archive = tmp_path / name
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for member, data in members.items():
            bundle.writestr(member, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            bundle.writestr(info, "/etc/passwd")
    return archive


@pytest.mark.parametrize(
    ("members", "symlink", "words"),
    [
        ({"../../outside.xml": b"<a/>"}, None, "выходит за пределы"),
        ({"/abs/import.xml": b"<a/>"}, None, "выходит за пределы"),
        ({"import.xml": (PACKAGE / "import.xml").read_bytes()}, "import_files/link.jpg", "символическая ссылка"),
        ({"import.xml": b"<" + b" " * 30_000_000 + b"/>"}, None, "zip-бомбы"),
    ],
)  # fmt: skip
def test_hostile_zip_is_refused(catalog, tmp_path, members, symlink, words):
    error = refused([zip_with(tmp_path, members, symlink=symlink)])
    assert words in error.message and "«evil.zip»" in error.message
    assert not (tmp_path.parent / "outside.xml").exists()


def test_zip_over_the_size_limit_is_refused(catalog, tmp_path, settings):
    settings.EXCHANGE_ZIP_MAX_BYTES = 1000
    error = refused([zip_with(tmp_path, {"import.xml": os.urandom(2000)})])
    assert "больше чем" in error.message


def test_wrong_magic_bytes_are_refused(catalog, tmp_path):
    error = refused([write(tmp_path, "catalog.zip", "<xml/>")])
    assert "не является zip-архивом" in error.message
    error = refused([write(tmp_path, "import.xml", io.BytesIO(b"PK\x03\x04junk").getvalue())])
    assert "«import.xml» повреждён" in error.message


def test_refused_run_is_recorded_after_the_rollback(catalog, tmp_path):
    run = catalog_import(paths=[write(tmp_path, "xxe.xml", XXE)])
    assert run.status == ImportRun.Status.FAILED
    assert run.errors[0]["file"] == "xxe.xml"
    assert "DOCTYPE" in run.errors[0]["message"]
    assert ImportRun.objects.get(pk=run.pk).status == ImportRun.Status.FAILED
