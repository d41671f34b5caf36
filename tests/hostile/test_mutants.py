"""A thousand seeded mutants each of the portal's own order form and of CommerceML files and
zips, through the service each upload path calls; a deterministic sample of them through
every HTTP path. Every mutant is answered in Russian, below 500, in under 10 s and 512 MB; a
refused one leaves the business data as it was."""

from __future__ import annotations

import functools

import pytest

from . import samples
from .measure import Figures
from .mutants import mutants, mutate_xml, mutate_zip
from .paths import assert_clear, stored_state

pytestmark = pytest.mark.django_db

COUNT = 1000
SAMPLE_EVERY = 20  # 50 of each thousand go through the HTTP paths too


def order_forms(portal) -> list[tuple[str, bytes]]:
    base = samples.filled_order_form([("HST-DV-1", 2), ("НЕТ-ТАКОГО", 1), ("HST-DV-1", 0)])
    zipped = functools.partial(mutate_zip, prefer="xl/worksheets/sheet1.xml")
    return [
        (f"бланк-{n}.xlsx", data)
        for n, data in enumerate(mutants(base, COUNT, seed=6, mutate=zipped))
    ]


def commerceml() -> list[tuple[str, bytes]]:
    """400 import.xml, 300 offers.xml and 300 zips of both."""
    files = [
        (f"import-{n}.xml", d)
        for n, d in enumerate(mutants(samples.IMPORT_XML.encode(), 400, seed=61, mutate=mutate_xml))
    ]
    files += [
        (f"offers-{n}.xml", d)
        for n, d in enumerate(mutants(samples.OFFERS_XML.encode(), 300, seed=62, mutate=mutate_xml))
    ]
    zipped = functools.partial(mutate_zip, prefer="import.xml")
    files += [
        (f"catalog-{n}.zip", d)
        for n, d in enumerate(mutants(samples.catalog_zip(), 300, seed=63, mutate=zipped))
    ]
    return files


def orders_files() -> list[tuple[str, bytes]]:
    return [
        (f"orders-{n}.xml", d)
        for n, d in enumerate(mutants(samples.ORDERS_XML.encode(), 300, seed=64, mutate=mutate_xml))
    ]


def feed(portal, files, path_names, figures: Figures) -> list[str]:
    problems = []
    for path_name in path_names:
        send = getattr(portal, path_name)
        state = stored_state()
        for name, data in files:
            try:
                answer = figures.measure(name, path_name, lambda n=name, d=data, s=send: s(n, d))
                assert_clear(answer)
                after = stored_state()
                assert after == state or not answer.refused, answer
                state = after
            except Exception as error:  # gather them all, then fail once with the list
                problems.append(f"{name} via {path_name}: {error!r}"[:600])
                state = stored_state()
    return problems


def test_mutants_are_the_same_on_every_run():
    first, second = commerceml(), commerceml()
    assert first == second and len(first) >= COUNT
    assert len({data for _, data in first}) > COUNT * 0.9  # nearly all differ from each other
    assert orders_files() == orders_files()


def test_order_form_mutants(portal):
    files = order_forms(portal)
    assert files == order_forms(portal) and len(files) >= COUNT
    figures = Figures()
    problems = feed(portal, files, ["excel_service", "bank_service"], figures)
    problems += feed(
        portal,
        files[::SAMPLE_EVERY],
        ["excel_web", "excel_api", "bank_web", "comment_web", "comment_api"],
        figures,
    )
    print(figures.report("order form mutants"))
    assert not problems, "\n".join(problems)


def test_commerceml_mutants(portal):
    files = commerceml()
    figures = Figures()
    problems = feed(portal, files, ["catalog_service"], figures)
    problems += feed(portal, files[::SAMPLE_EVERY], ["catalog_page", "exchange_catalog"], figures)
    print(figures.report("CommerceML mutants"))
    assert not problems, "\n".join(problems)


def test_orders_file_mutants(portal):
    files = orders_files()
    figures = Figures()
    problems = feed(portal, files, ["sale_service", "payments_1c_service"], figures)
    problems += feed(
        portal, files[:: SAMPLE_EVERY // 2], ["exchange_sale", "payments_1c_web"], figures
    )
    print(figures.report("1C orders file mutants"))
    assert not problems, "\n".join(problems)
