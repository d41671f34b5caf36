"""The committed hostile corpus, and the big attacks built at test time, through every upload
path: each file answered below 500 with a Russian message, in under 10 s and 512 MB, and a
refused file leaves the business data as it was."""

from __future__ import annotations

import pytest

from portal.catalog.models import Product

from . import make_corpus
from .measure import Figures
from .paths import HTTP_PATHS, SERVICE_PATHS, assert_clear, stored_state

pytestmark = pytest.mark.django_db

COMMITTED = sorted(make_corpus.CORPUS.glob("*.*"))
FILES = [path for path in COMMITTED if path.name != "README.md"]
CATALOG_PATHS = ("catalog_service", "import_1c_command", "catalog_page", "exchange_catalog")
EXCEL_PATHS = ("excel_service", "excel_web", "excel_api")
# Attacks that look enough like a valid file of the path to be taken (the rest must be refused)
# XInclude is never processed: the element is ignored, nothing of the server is read.
TAKEN_BY_CATALOG = {
    "xml_formulas_in_names.xml",
    "xml_xinclude.xml",
    "xml_zip_named_xml.xml",  # a valid package: the importer knows a zip by its first bytes
    "zip_nested_bomb.zip",  # the inner archive is kept as a file, never unpacked
}
SERVER_FILES = ("root:x:0", "/bin/bash", "/usr/sbin/nologin")
TAKEN_BY_EXCEL = {"xlsx_formulas.xlsx", "xlsx_utf8_declared_cp1251.xlsx"}


def test_the_corpus_is_what_the_builder_makes():
    built = {attack.name: attack.build() for attack in make_corpus.ATTACKS}
    assert len(built) >= 30
    assert {path.name for path in FILES} == set(built)
    for path in FILES:
        assert path.read_bytes() == built[path.name], path.name
    assert (make_corpus.CORPUS / "README.md").read_text(encoding="utf-8") == make_corpus.readme()
    assert sum(path.stat().st_size for path in COMMITTED) < 2 * 1024 * 1024


def must_be_refused(path_name: str, file_name: str) -> bool:
    if path_name in CATALOG_PATHS and file_name.startswith(("xml_", "zip_")):
        return file_name not in TAKEN_BY_CATALOG and file_name != "xml_orders_bad_values.xml"
    if path_name in EXCEL_PATHS and file_name.startswith(("xlsx_", "xls_")):
        return file_name not in TAKEN_BY_EXCEL
    return False


@pytest.mark.parametrize("path_name", SERVICE_PATHS + HTTP_PATHS)
def test_every_corpus_file_on_every_path(portal, path_name):
    figures = Figures()
    send = getattr(portal, path_name)
    state = stored_state()
    problems = []
    for file in FILES:
        try:
            answer = figures.measure(
                file.name, path_name, lambda f=file: send(f.name, f.read_bytes())
            )
            assert_clear(answer)
            if must_be_refused(path_name, file.name):
                assert answer.refused, answer
            after = stored_state()
            assert after == state or not answer.refused, answer
            state = after
        except Exception as error:  # gather every file's failure, not just the first
            problems.append(f"{file.name}: {error!r}"[:600])
            state = stored_state()
    assert not leaked_server_files()
    print(figures.report(f"corpus via {path_name}"))
    assert not problems, "\n".join(problems)


def leaked_server_files() -> list[str]:
    names = Product.objects.values_list("name", flat=True)
    return [name for name in names if any(sign in name for sign in SERVER_FILES)]


BIG_PATHS = {
    "big_million_rows.xlsx": (
        "excel_service",
        "excel_web",
        "excel_api",
        "bank_service",
        "attachment_service",
    ),
    "big_million_rows.csv": ("bank_service", "bank_web"),
    "big_million_documents.xml": ("sale_service", "payments_1c_service", "exchange_sale"),
    "big_huge_text_node.xml": ("catalog_service", "exchange_catalog", "payments_1c_web"),
}


@pytest.fixture(scope="module")
def big_files():
    return {attack.name: attack.build() for attack in make_corpus.BIG_ATTACKS}


@pytest.mark.parametrize("file_name", list(BIG_PATHS))
def test_big_attacks(portal, big_files, file_name):
    figures = Figures()
    data = big_files[file_name]
    for path_name in BIG_PATHS[file_name]:
        state = stored_state()
        answer = figures.measure(
            file_name, path_name, lambda p=path_name: getattr(portal, p)(file_name, data)
        )
        assert_clear(answer)
        assert answer.refused or path_name == "attachment_service", answer  # kept, not read
        if answer.refused:
            assert stored_state() == state
    print(figures.report(f"{file_name} ({len(data) // 1024} KB)"))
