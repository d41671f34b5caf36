"""The order list: filters, sorting, keyset paging, visibility, query count, the xlsx export."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from portal.core.errors import DomainError
from portal.orders.listing import (
    COLUMNS,
    FilterError,
    OrderFilters,
    iter_rows,
    order_list,
    order_list_xlsx,
)
from portal.orders.models import Order, OrderKind
from portal.orders.workflow import OrderStatus

from .conftest import draft, submitted

BASE = timezone.make_aware(datetime(2026, 3, 10, 12, 0))


def filters(**params) -> OrderFilters:
    query = QueryDict(mutable=True)
    for name, value in params.items():
        if isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    return OrderFilters.from_query(query)


def make(world, buyer: str, seller: str, n: int, **fields) -> Order:
    """An order row written directly: paging and filter tests need many, with exact keys."""
    status = fields.pop("status", OrderStatus.ON_MODERATION)
    submitted_at = fields.pop("submitted_at", BASE + timedelta(hours=n))
    is_draft = status == OrderStatus.DRAFT
    order = Order.objects.create(
        buyer=world.orgs[buyer],
        seller=world.orgs[seller],
        legal_entity=world.legal_entities[buyer],
        author=fields.pop("author", world.users[f"{buyer}_admin"]),
        status=status,
        number=None if is_draft else f"2026-{n:06d}",
        submitted_at=None if is_draft else submitted_at,
        total=fields.pop("total", Decimal(1000 + n)),
        rejection_reason="нет" if status == OrderStatus.REJECTED else "",
        **fields,
    )
    return order


def ids(page) -> list[int]:
    return [row.id for row in page.rows]


def all_ids(actor, flt=None, *, sort="newest", limit=3) -> list[int]:
    """Walk every page with the cursor."""
    seen, after = [], None
    while True:
        page = order_list(actor, flt or OrderFilters(), sort=sort, after=after, limit=limit)
        seen += ids(page)
        if not page.has_next:
            return seen
        after = page.next_cursor


# ------------------------------------------------------------------ filters


@pytest.fixture
def orders(world):
    a = make(world, "dealer_a", "factory", 1, total=Decimal("500.00"), kind=OrderKind.COMPLAINT)
    b = make(world, "dealer_a", "factory", 2, status=OrderStatus.CONFIRMED, factory_number="ЗК-77")
    c = make(
        world,
        "dealer_a",
        "factory",
        3,
        author=world.dealer_a_employee,
        for_subdealer=world.sub_a1,
        submitted_at=BASE + timedelta(days=5),
    )
    d = make(world, "sub_a1", "dealer_a", 4, total=Decimal("99999.99"))
    e = make(world, "dealer_a", "factory", 5, status=OrderStatus.DRAFT)
    f = make(world, "dealer_b", "factory", 6)
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "f": f}


def names(orders, page) -> set[str]:
    by_id = {order.pk: key for key, order in orders.items()}
    return {by_id[row.id] for row in page.rows}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"a", "b", "c", "d", "e"}),
        ({"q": "000002"}, {"b"}),
        ({"q": "зк-7"}, {"b"}),
        ({"date_from": "2026-03-14"}, {"c", "e"}),
        ({"date_to": "2026-03-11"}, {"a", "b", "d"}),
        ({"date_from": "15.03.2026", "date_to": "15.03.2026"}, {"c"}),
        ({"author": "EMPLOYEE"}, {"c"}),
        ({"legal_entity": "SUB_A1_ENTITY"}, {"d"}),
        ({"subdealer": "SUB_A1"}, {"c", "d"}),
        ({"kind": "complaint"}, {"a"}),
        ({"status": ["confirmed", "draft"]}, {"b", "e"}),
        ({"payment": "unpaid"}, {"a", "b", "c", "d", "e"}),
        ({"payment": "paid"}, set()),
        ({"total_from": "1002"}, {"b", "c", "d", "e"}),
        ({"total_to": "1 002,00"}, {"a", "b"}),
        ({"total_from": "1000", "total_to": "1003"}, {"b", "c"}),
    ],
)
def test_each_filter_narrows(world, orders, params, expected):
    replace = {
        "EMPLOYEE": str(world.dealer_a_employee.pk),
        "SUB_A1_ENTITY": str(world.legal_entities["sub_a1"].pk),
        "SUB_A1": str(world.sub_a1.pk),
    }
    params = {k: replace.get(v, v) if isinstance(v, str) else v for k, v in params.items()}
    # dates of created_at: drafts count by their creation (today), so pin it
    Order.objects.filter(pk=orders["e"].pk).update(created_at=BASE + timedelta(days=6))
    page = order_list(world.actor("dealer_a_admin"), filters(**params), sort="newest", limit=50)
    assert names(orders, page) == expected


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"date_from": "32.01.2026"}, "date_from", "«Дата с»"),
        ({"date_to": "завтра"}, "date_to", "«Дата по»"),
        ({"author": "abc"}, "author", "«Автор»"),
        ({"legal_entity": "12a"}, "legal_entity", "«Юрлицо»"),  # -1: an id of nothing, no error
        ({"subdealer": "1.5"}, "subdealer", "«Субдилер»"),
        ({"kind": "urgent"}, "kind", "«Тип»"),
        ({"status": ["on_moderation", "lost"]}, "status", "«Статус»"),
        ({"payment": "half"}, "payment", "«Оплата»"),
        ({"total_from": "много"}, "total_from", "«Сумма от»"),
        ({"total_to": "-5"}, "total_to", "«Сумма до»"),
        ({"total_from": "10", "total_to": "5"}, "total_to", "«Сумма до»"),
        ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "date_to", "«Дата по»"),
        ({"q": "1" * 65}, "q", "«Номер»"),
    ],
)
def test_invalid_filter_names_the_field_in_russian(params, field, words):
    with pytest.raises(FilterError) as caught:
        filters(**params)
    assert caught.value.field == field
    assert words in caught.value.errors[field]
    assert words in caught.value.message


def test_every_wrong_value_is_reported_at_once():
    with pytest.raises(FilterError) as caught:
        filters(kind="x", total_from="y", author="z")
    assert set(caught.value.errors) == {"kind", "total_from", "author"}


def test_filters_round_trip_through_the_url():
    original = filters(
        q="2026", status=["draft", "confirmed"], total_from="10.5", date_to="2026-01-31"
    )
    query = QueryDict(mutable=True)
    for name, values in original.to_query().items():
        query.setlist(name, values)
    again = OrderFilters.from_query(query)
    assert again == original


def test_unknown_sort_and_bad_cursor_are_refused(world):
    actor = world.actor("dealer_a_admin")
    with pytest.raises(DomainError) as caught:
        order_list(actor, OrderFilters(), sort="price")
    assert caught.value.field == "sort"
    for token in ("garbage!", "W10", "WyJuZXdlc3QiLCJ4IiwiMSJd"):
        with pytest.raises(DomainError) as caught:
            order_list(actor, OrderFilters(), sort="newest", after=token)
        assert caught.value.field == "after"


# ------------------------------------------------------------------ sorting and paging


@pytest.fixture
def many(world):
    """14 orders of dealer A with repeated totals and repeated submission times."""
    made = []
    for n in range(14):
        made.append(
            make(
                world,
                "dealer_a",
                "factory",
                n + 1,
                total=Decimal(100 * (n % 3)),
                submitted_at=BASE + timedelta(hours=n // 4),
                status=[OrderStatus.ON_MODERATION, OrderStatus.CONFIRMED][n % 2],
            )
        )
    return made


@pytest.mark.parametrize("sort", ["newest", "oldest", "number", "total", "-total", "status"])
def test_keyset_pages_have_no_duplicates_and_no_gaps(world, many, sort):
    actor = world.actor("dealer_a_admin")
    walked = all_ids(actor, sort=sort, limit=3)
    whole = ids(order_list(actor, OrderFilters(), sort=sort, limit=50))
    assert walked == whole
    assert sorted(walked) == sorted(o.pk for o in many)


def test_sort_orders(world, many):
    actor = world.actor("dealer_a_admin")
    rows = order_list(actor, OrderFilters(), sort="-total", limit=50).rows
    assert [r.total for r in rows] == sorted((r.total for r in rows), reverse=True)
    rows = order_list(actor, OrderFilters(), sort="oldest", limit=50).rows
    assert [(r.date, r.id) for r in rows] == sorted((r.date, r.id) for r in rows)
    rows = order_list(actor, OrderFilters(), sort="status", limit=50).rows
    ranks = [OrderStatus.values.index(r.status) for r in rows]
    assert ranks == sorted(ranks)


def test_paging_with_a_filter_keeps_the_filter(world, many):
    actor = world.actor("dealer_a_admin")
    flt = filters(status=["confirmed"])
    walked = all_ids(actor, flt, sort="total", limit=2)
    assert sorted(walked) == sorted(o.pk for o in many if o.status == "confirmed")


def test_cursor_of_another_sort_is_refused(world, many):
    actor = world.actor("dealer_a_admin")
    page = order_list(actor, OrderFilters(), sort="newest", limit=2)
    with pytest.raises(DomainError):
        order_list(actor, OrderFilters(), sort="total", after=page.next_cursor)


def test_count_is_exact_small_capped_or_estimated_large(world, monkeypatch):
    import portal.orders.listing as listing

    for n in range(5):
        make(world, "dealer_a", "factory", n + 1)
    actor = world.actor("dealer_a_admin")
    whole = order_list(actor, OrderFilters(), limit=10)
    assert (whole.count, whole.count_label, whole.count_is_estimate) == (5, "5", False)
    monkeypatch.setattr(listing, "COUNT_CAP", 3)
    page = order_list(actor, OrderFilters(), limit=2)
    if connection.vendor == "postgresql":
        assert page.count_is_estimate and page.count_label.startswith("около ")
    else:
        assert page.count == 4 and page.count_is_capped and page.count_label == "более 3"
    page = order_list(actor, filters(q="000001"), limit=2)
    assert page.count == 1 and page.count_label == "1"


def test_estimates_are_rounded():
    from portal.orders.listing import _round

    assert [_round(n) for n in (7, 99, 123, 2649, 10642, 53_187)] == [
        7,
        99,
        120,
        2600,
        11000,
        53000,
    ]


def test_the_same_number_of_queries_for_10_and_50_rows(world):
    for n in range(60):
        make(world, "dealer_a", "factory", n + 1, for_subdealer=world.sub_a1 if n % 2 else None)
    actor = world.actor("dealer_a_admin")
    counts = []
    for limit in (10, 50):
        with CaptureQueriesContext(connection) as queries:
            page = order_list(actor, OrderFilters(), sort="newest", limit=limit)
            [(c.text(row)) for row in page.rows for c in COLUMNS.values()]
        assert len(page.rows) == limit
        counts.append(len(queries))
    assert counts[0] == counts[1] == 2  # the page and the capped count


# ------------------------------------------------------------------ visibility


@pytest.fixture
def tree(world):
    return {
        "a_to_factory": make(world, "dealer_a", "factory", 1),
        "a_draft": make(world, "dealer_a", "factory", 2, status=OrderStatus.DRAFT),
        "a1_to_a": make(world, "sub_a1", "dealer_a", 3),
        "a1_draft": make(world, "sub_a1", "dealer_a", 4, status=OrderStatus.DRAFT),
        "b_to_factory": make(world, "dealer_b", "factory", 5),
        "b1_to_b": make(world, "sub_b1", "dealer_b", 6),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("factory_admin", {"a_to_factory", "b_to_factory"}),
        ("accountant", {"a_to_factory", "b_to_factory"}),
        ("manager_a", {"a_to_factory"}),
        ("manager_b", {"b_to_factory"}),
        ("dealer_a_admin", {"a_to_factory", "a_draft", "a1_to_a"}),
        ("dealer_a_accountant", {"a_to_factory", "a_draft", "a1_to_a"}),
        ("sub_a1_employee", {"a1_to_a", "a1_draft"}),
        ("dealer_b_admin", {"b_to_factory", "b1_to_b"}),
        ("sub_b1_admin", {"b1_to_b"}),
    ],
)
def test_list_shows_what_the_actor_may_see(world, tree, who, expected):
    page = order_list(world.actor(who), OrderFilters(), limit=50)
    assert names(tree, page) == expected
    assert page.count == len(expected)


def test_filter_by_another_trees_ids_finds_nothing(world, tree):
    page = order_list(
        world.actor("dealer_b_admin"), filters(subdealer=str(world.sub_a1.pk)), limit=50
    )
    assert page.rows == []


# ------------------------------------------------------------------ export


def _sheet(data: bytes) -> list[tuple]:
    book = load_workbook(BytesIO(data), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_xlsx_has_the_chosen_columns_and_the_filtered_rows(world, tree):
    data = order_list_xlsx(
        world.actor("dealer_a_admin"),
        filters(status=["on_moderation"]),
        "newest",
        columns=["number", "status", "total", "subdealer"],
    )
    rows = _sheet(data)
    assert rows[0] == ("Номер", "Субдилер", "Статус", "Сумма с НДС")
    assert sorted(r[0] for r in rows[1:]) == ["2026-000001", "2026-000003"]
    assert ("2026-000003", "Субдилер А1", "На модерации", 1003) in rows


def test_xlsx_of_a_subdealer_never_holds_the_dealers_factory_orders(world, shop):
    sub_order = submitted(world, "sub_a1_admin", [(shop.door, "2")])
    dealer_order = submitted(
        world, "dealer_a_admin", [(shop.door, "2")], for_subdealer_id=world.sub_a1.pk
    )
    Order.objects.filter(pk=dealer_order.pk).update(factory_number="ЗАВОД-1")
    data = order_list_xlsx(
        world.actor("sub_a1_admin"), OrderFilters(), "newest", columns=list(COLUMNS)
    )
    text = repr(_sheet(data))
    assert sub_order.number in text
    assert dealer_order.number not in text
    assert "ЗАВОД-1" not in text
    assert f"{dealer_order.total:.0f}" not in text
    assert len(_sheet(data)) == 2


def test_xlsx_is_capped_with_a_note(world):
    for n in range(4):
        make(world, "dealer_a", "factory", n + 1)
    rows = _sheet(order_list_xlsx(world.actor("dealer_a_admin"), OrderFilters(), "oldest", cap=3))
    assert len(rows) == 5
    assert "первые 3" in rows[-1][0]


def test_iter_rows_walks_batches(world, many):
    rows = list(iter_rows(world.actor("dealer_a_admin"), OrderFilters(), sort="oldest", cap=100))
    assert len(rows) == 14
    assert len({r.id for r in rows}) == 14


def test_drafts_of_a_sub_dealer_are_not_the_dealers(world, shop):
    own = draft(world, "sub_a1_admin", [(shop.door, "1")])
    page = order_list(world.actor("dealer_a_admin"), OrderFilters(), limit=50)
    assert own.pk not in ids(page)


@pytest.mark.parametrize("who", ["factory_admin", "manager_a", "dealer_a_admin", "sub_a1_admin"])
def test_every_visible_order_is_bought_or_sold_by_the_actors_company(world, tree, who):
    """The list merges the orders the company buys and those it sells (listing._sides)."""
    actor = world.actor(who)
    visible = set(Order.objects.visible_to(actor).values_list("pk", flat=True))
    bought = set(Order.objects.filter(buyer=actor.organisation).values_list("pk", flat=True))
    sold = set(Order.objects.filter(seller=actor.organisation).values_list("pk", flat=True))
    assert visible <= bought | sold
    assert not bought & sold


# ------------------------------------------------------------------ search by a number fragment

SEARCHED = [
    # (buyer, seller, n, 1C number): the portal number is 2026-<n>
    ("dealer_a", "factory", 1, "ЗК-0000777"),
    ("dealer_a", "factory", 12, "зк-2024/05"),
    ("dealer_a", "factory", 99, ""),
    ("dealer_a", "factory", 1999, "A_B%C 12"),
    ("dealer_a", "factory", 20240, "ЗК-0012345"),
    ("sub_a1", "dealer_a", 777, "СУБ-99"),
    ("dealer_b", "factory", 778, "ЗК-0000777"),  # another dealer's: never in dealer A's list
]


@pytest.mark.parametrize(
    "fragment",
    ["000777", "0777", "ЗК-00", "зк-0", "2024/0", "24/05", "2026-0000", "6-00", "99", "9", "-",
     "a_b%", "%c 1", "_", "2026 -", "12345", "нет", "2026-000099"],
)  # fmt: skip
def test_search_finds_the_fragment_anywhere_in_either_number(world, fragment):
    """Whatever way the list finds them (the per-company index on PostgreSQL, short fragments
    read in the list's order), the rows are those a plain substring test picks, page by page."""
    for buyer, seller, n, factory_number in SEARCHED:
        make(world, buyer, seller, n, factory_number=factory_number)
    make(world, "dealer_a", "factory", 4, status=OrderStatus.DRAFT, factory_number="")
    actor = world.actor("dealer_a_admin")
    visible = Order.objects.visible_to(actor)
    wanted = fragment.upper()
    expected = sorted(
        (o.submitted_at or o.created_at, o.pk)
        for o in visible
        if wanted in (o.number or "").upper() or wanted in o.factory_number.upper()
    )
    found = all_ids(actor, filters(q=fragment), limit=2)
    assert found == [pk for _, pk in reversed(expected)]
    other = Order.objects.get(buyer=world.orgs["dealer_b"])
    assert other.pk not in found


def test_search_keeps_the_other_filters_and_every_sort(world):
    for buyer, seller, n, factory_number in SEARCHED:
        make(world, buyer, seller, n, factory_number=factory_number, total=Decimal(n))
    actor = world.actor("dealer_a_admin")
    for sort in ("newest", "oldest", "number", "total", "-total", "status"):
        found = all_ids(actor, filters(q="ЗК-00", sort=sort), sort=sort, limit=1)
        assert sorted(found) == sorted(
            Order.objects.filter(factory_number__in=["ЗК-0000777", "ЗК-0012345"])
            .exclude(buyer=world.orgs["dealer_b"])
            .values_list("pk", flat=True)
        )
    found = all_ids(actor, filters(q="ЗК-00", total_from="100"), limit=1)
    assert found == list(
        Order.objects.filter(factory_number="ЗК-0012345").values_list("pk", flat=True)
    )


def test_a_sub_dealer_finds_its_own_orders_only(world):
    for buyer, seller, n, factory_number in SEARCHED:
        make(world, buyer, seller, n, factory_number=factory_number)
    page = order_list(world.actor("sub_a1_admin"), filters(q="777"), limit=50)
    assert [row.number for row in page.rows] == ["2026-000777"]


def test_deep_page_of_a_search_and_its_count(world):
    for n in range(1, 8):
        make(world, "dealer_a", "factory", n, factory_number=f"ЗК-{n:07d}")
    actor = world.actor("dealer_a_admin")
    first = order_list(actor, filters(q="зк-000"), limit=3)
    assert [row.factory_number for row in first.rows] == ["ЗК-0000007", "ЗК-0000006", "ЗК-0000005"]
    assert first.has_next and first.count >= 4
    second = order_list(actor, filters(q="зк-000"), after=first.next_cursor, limit=3)
    assert [row.factory_number for row in second.rows] == [
        "ЗК-0000004",
        "ЗК-0000003",
        "ЗК-0000002",
    ]


@pytest.mark.parametrize(
    "who", ["factory_admin", "accountant", "manager_a", "dealer_a_admin", "sub_a1_admin"]
)
def test_visible_parts_are_visible_to_split_in_two(world, tree, who):
    """The list reads the parts (listing._sides): together and apart they must be visible_to."""
    actor = world.actor(who)
    visible = set(Order.objects.visible_to(actor).values_list("pk", flat=True))
    parts = {
        name: set(part.values_list("pk", flat=True))
        for name, part in Order.objects.visible_parts(actor).items()
    }
    assert set().union(*parts.values()) == visible
    assert not parts.get("bought", set()) & parts.get("sold", set())
    organisation = actor.organisation
    assert all(Order.objects.get(pk=pk).buyer == organisation for pk in parts.get("bought", ()))
    assert all(Order.objects.get(pk=pk).seller == organisation for pk in parts.get("sold", ()))
