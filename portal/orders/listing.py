"""The order list: one selector for the web page, the API and the xlsx export.

- ``OrderFilters.from_query(request.GET)`` reads the filters of the URL (Russian message naming
  the field when a value is wrong: ``FilterError``, a ``DomainError`` with every error);
- ``order_list(actor, filters, sort=..., after=..., limit=...)`` → ``OrderPage``: keyset
  paging with an opaque cursor (the last row's sort key and id), so page 200 costs what page 1
  costs; ``has_next`` comes from fetching one row more; the count is capped (``COUNT_CAP``)
  or, on PostgreSQL, the planner's estimate — never an exact ``COUNT(*)`` over a big table;
- rows are plain ``OrderRow`` values built from one query (no per-row queries), whatever the
  page size;
- search by a fragment of the portal or 1C number (``q``): on PostgreSQL narrowed by a
  per-company trigram index (migration 0008, ``_prefilter``), then checked row by row;
- ``COLUMNS``: what the column chooser offers; ``order_list_xlsx`` exports the filtered list.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import IContains
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.errors import DomainError
from portal.core.money import to_decimal
from portal.organisations.models import OrganisationKind
from portal.pricing.formatting import format_money

from .list_keys import LIST_DATE, NUMBER_KEY
from .models import Order, OrderKind
from .payment_query import payment_state_is
from .payments import PaymentState, state_of
from .workflow import OrderStatus

if TYPE_CHECKING:
    from django.http import QueryDict

    from portal.organisations.actor import Actor

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
COUNT_CAP = 1000
SEARCH_MAX = 64
SEARCH_SEPARATORS = " -./_"  # read as letters by the search index (migration 0008)

# ---------------------------------------------------------------- filters


class FilterError(DomainError):
    """Some filter values are wrong. ``errors``: {parameter: Russian message}; the message and
    field of the DomainError are the first of them (the API answers with that one)."""

    def __init__(self, errors: dict[str, str]):
        first = next(iter(errors))
        super().__init__(errors[first], field=first)
        self.errors = errors


# parameter of the URL → its label, for messages and the filter form
FILTER_LABELS = {
    "q": "Номер",
    "date_from": "Дата с",
    "date_to": "Дата по",
    "dealer": "Дилер",
    "author": "Автор",
    "legal_entity": "Юрлицо",
    "subdealer": "Субдилер",
    "kind": "Тип",
    "status": "Статус",
    "payment": "Оплата",
    "total_from": "Сумма от",
    "total_to": "Сумма до",
    "sort": "Сортировка",
    "after": "Страница",
    "limit": "Строк на странице",
}


@dataclass(frozen=True)
class OrderFilters:
    """What the list is narrowed to; every field empty means "all the actor sees".

    ``date_from``/``date_to``: the order's date (submitted, or created for a draft), both ends
    included. ``subdealer``: orders placed *by* that sub-dealer or placed *for* it. ``dealer``:
    orders placed by that dealer or by one of its sub-dealers (the factory's lists).
    """

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    dealer: int | None = None
    author: int | None = None
    legal_entity: int | None = None
    subdealer: int | None = None
    kind: str = ""
    status: tuple[str, ...] = ()
    payment: str = ""
    total_from: Decimal | None = None
    total_to: Decimal | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> OrderFilters:
        """Read the URL's parameters; unknown ones are ignored, wrong ones raise FilterError."""
        errors: dict[str, str] = {}
        values: dict[str, object] = {}
        readers: dict[str, Callable[[str, str], object]] = {
            "date_from": _read_date,
            "date_to": _read_date,
            "dealer": _read_id,
            "author": _read_id,
            "legal_entity": _read_id,
            "subdealer": _read_id,
            "kind": _choice(OrderKind),
            "payment": _choice(PaymentState),
            "total_from": _read_money,
            "total_to": _read_money,
        }
        q = " ".join((query.get("q") or "").split())
        if len(q) > SEARCH_MAX:
            errors["q"] = f"Поле «Номер»: не длиннее {SEARCH_MAX} символов."
        values["q"] = q
        for name, read in readers.items():
            raw = (query.get(name) or "").strip()
            if not raw:
                continue
            try:
                values[name] = read(name, raw)
            except ValueError as error:
                errors[name] = f"Поле «{FILTER_LABELS[name]}»: {error}"
        statuses = tuple(dict.fromkeys(s.strip() for s in query.getlist("status") if s.strip()))
        unknown = [s for s in statuses if s not in OrderStatus.values]
        if unknown:
            errors["status"] = f"Поле «Статус»: нет такого статуса «{unknown[0]}»."
        values["status"] = statuses
        for low, high in (("date_from", "date_to"), ("total_from", "total_to")):
            both = values.get(low) is not None and values.get(high) is not None
            if both and values[low] > values[high]:
                errors[high] = (
                    f"Поле «{FILTER_LABELS[high]}»: меньше, чем «{FILTER_LABELS[low].lower()}»."
                )
        if errors:
            raise FilterError(errors)
        return cls(**values)

    def to_query(self) -> dict[str, list[str]]:
        """The filters as URL parameters (for links that keep them: pages, export, views)."""
        query: dict[str, list[str]] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value in (None, "", ()):
                continue
            values = value if isinstance(value, tuple) else (value,)
            query[item.name] = [v.isoformat() if isinstance(v, date) else str(v) for v in values]
        return query

    @property
    def is_empty(self) -> bool:
        return not self.to_query()


def _read_date(name: str, raw: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValueError("введите дату в виде ДД.ММ.ГГГГ.")


def _read_id(name: str, raw: str) -> int:
    """A whole number in the database's id range, like the API's other id filters: an id
    that names nothing (also 0 or below) just matches no order."""
    digits = raw[1:] if raw.startswith("-") else raw
    if not digits.isdigit() or int(digits) >= 2**63:
        raise ValueError("выберите значение из списка.")
    return int(raw)


def _read_money(name: str, raw: str) -> Decimal:
    try:
        amount = to_decimal(raw)
    except ValueError:
        raise ValueError("введите сумму числом, например 15000 или 15000,50.") from None
    if amount < 0 or amount >= Decimal("1e14"):
        raise ValueError("сумма должна быть от 0 до 99 999 999 999 999.")
    return amount


def _choice(choices) -> Callable[[str, str], str]:
    def read(name: str, raw: str) -> str:
        if raw not in choices.values:
            raise ValueError(f"нет такого значения «{raw[:40]}».")
        return raw

    return read


def parse_limit(raw: str | None, default: int = DEFAULT_LIMIT) -> int:
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise DomainError(
            f"Поле «{FILTER_LABELS['limit']}»: целое число от 1 до {MAX_LIMIT}.", field="limit"
        )
    return int(raw)


# ---------------------------------------------------------------- sorting and the cursor

STATUS_RANK = Case(
    *(When(status=value, then=Value(rank)) for rank, value in enumerate(OrderStatus.values)),
    default=Value(len(OrderStatus.values)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class SortKey:
    name: str  # the annotation or field the list is ordered by
    descending: bool
    kind: str  # how the cursor encodes it: "datetime", "decimal", "text", "int"


@dataclass(frozen=True)
class Sort:
    label: str | Promise  # in the reader's language
    keys: tuple[SortKey, ...]  # id is always the last tie-breaker, in the last key's direction


SORTS: dict[str, Sort] = {
    "newest": Sort(_("Сначала новые"), (SortKey("list_date", True, "datetime"),)),
    "oldest": Sort(_("Сначала старые"), (SortKey("list_date", False, "datetime"),)),
    "number": Sort(_("По номеру"), (SortKey("number_key", False, "text"),)),
    "total": Sort(_("Сумма по возрастанию"), (SortKey("total", False, "decimal"),)),
    "-total": Sort(_("Сумма по убыванию"), (SortKey("total", True, "decimal"),)),
    "status": Sort(
        _("По статусу"),
        (SortKey("status_rank", False, "int"), SortKey("list_date", True, "datetime")),
    ),
}
DEFAULT_SORT = "newest"


def parse_sort(raw: str | None) -> str:
    value = (raw or "").strip() or DEFAULT_SORT
    if value not in SORTS:
        names = ", ".join(SORTS)
        raise DomainError(
            f"Поле «{FILTER_LABELS['sort']}»: нет такого порядка «{value[:20]}» (есть: {names}).",
            field="sort",
        )
    return value


def _all_keys(sort: Sort) -> tuple[SortKey, ...]:
    return (*sort.keys, SortKey("id", sort.keys[-1].descending, "int"))


def _encode_cursor(sort_name: str, values: list) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else str(v) for v in values]
    raw = json.dumps([sort_name, *plain], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


BAD_CURSOR = "Поле «Страница»: ссылка на страницу устарела или повреждена — откройте список заново."


def _decode_cursor(token: str, sort_name: str) -> list:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        sort_in_token, *values = json.loads(raw)
    except (ValueError, binascii.Error, TypeError):
        raise DomainError(BAD_CURSOR, field="after") from None
    keys = _all_keys(SORTS[sort_name])
    if sort_in_token != sort_name or len(values) != len(keys):
        raise DomainError(BAD_CURSOR, field="after")
    try:
        return [_parse_key(key.kind, str(value)) for key, value in zip(keys, values, strict=True)]
    except (ValueError, ArithmeticError):
        raise DomainError(BAD_CURSOR, field="after") from None


def _parse_key(kind: str, value: str):
    if kind == "datetime":
        parsed = datetime.fromisoformat(value)
        if timezone.is_naive(parsed):
            raise ValueError(value)
        return parsed
    if kind == "decimal":
        return to_decimal(value)
    if kind == "int":
        return int(value)
    return value


def _after(keys: tuple[SortKey, ...], values: list) -> Q:
    """Rows strictly after the cursor in the list's order:
    k1 > v1 OR (k1 = v1 AND k2 > v2) OR … (">" meaning "<" for a descending key)."""
    condition = Q()
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        lookup = f"{key.name}__{'lt' if key.descending else 'gt'}"
        condition |= equal & Q(**{lookup: value})
        equal &= Q(**{key.name: value})
    # The same rows: an index can't start at an OR, but it starts at the first key's bound (a
    # deep page then reads its own rows, not every row before them).
    first = keys[0]
    return Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": values[0]}) & condition


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class OrderRow:
    """One line of the list, ready to show: names instead of ids, labels instead of codes."""

    id: int
    number: str | None
    factory_number: str
    kind: str
    status: str
    date: datetime
    created_at: datetime
    submitted_at: datetime | None
    buyer_id: int
    buyer_name: str
    legal_entity_name: str
    subdealer_name: str
    author_name: str
    total: Decimal
    payment_state: str
    remaining: Decimal
    desired_delivery_date: date | None
    planned_delivery_date: date | None
    version: int
    cursor_values: tuple = field(repr=False, compare=False, default=())

    @property
    def kind_label(self) -> str:
        return str(OrderKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(OrderStatus(self.status).label)

    @property
    def payment_label(self) -> str:
        return str(PaymentState(self.payment_state).label)

    @property
    def title(self) -> str:
        return self.number or gettext("Черновик №%(id)s") % {"id": self.id}  # no number yet


# values() names → how a row is built from them
ROW_VALUES = (
    "id",
    "number",
    "factory_number",
    "kind",
    "status",
    "list_date",
    "created_at",
    "submitted_at",
    "buyer_id",
    "buyer__name",
    "buyer__kind",
    "legal_entity__name",
    "for_subdealer__name",
    "author__full_name",
    "total",
    "paid_amount",
    "desired_delivery_date",
    "planned_delivery_date",
    "version",
)


def _row(values: dict, sort: Sort) -> OrderRow:
    subdealer = values["for_subdealer__name"] or (
        values["buyer__name"] if values["buyer__kind"] == OrganisationKind.SUBDEALER else ""
    )
    remaining = max(values["total"] - values["paid_amount"], Decimal("0.00"))
    return OrderRow(
        id=values["id"],
        number=values["number"],
        factory_number=values["factory_number"],
        kind=values["kind"],
        status=values["status"],
        date=values["list_date"],
        created_at=values["created_at"],
        submitted_at=values["submitted_at"],
        buyer_id=values["buyer_id"],
        buyer_name=values["buyer__name"],
        legal_entity_name=values["legal_entity__name"],
        subdealer_name=subdealer or "",
        author_name=values["author__full_name"],
        total=values["total"],
        payment_state=state_of(values["total"], values["paid_amount"]),
        remaining=remaining,
        desired_delivery_date=values["desired_delivery_date"],
        planned_delivery_date=values["planned_delivery_date"],
        version=values["version"],
        cursor_values=tuple(values[key.name] for key in _all_keys(sort)),
    )


# ---------------------------------------------------------------- the selector


@dataclass(frozen=True)
class OrderPage:
    rows: list[OrderRow]
    sort: str
    has_next: bool
    next_cursor: str | None
    count: int | None  # None when not asked; see ``count_is_estimate`` and ``COUNT_CAP``
    count_is_estimate: bool = False

    @property
    def count_is_capped(self) -> bool:
        return self.count is not None and not self.count_is_estimate and self.count > COUNT_CAP

    @property
    def count_label(self) -> str:
        """«12», «более 1000» (counted up to the cap) or «около 2 600» (the database's
        estimate, for long lists on PostgreSQL)."""
        if self.count is None:
            return ""
        if self.count_is_capped:
            return f"более {COUNT_CAP}"
        number = formats.number_format(self.count, force_grouping=True)
        return f"около {number}" if self.count_is_estimate else number


SORT_EXPRESSIONS = {"number_key": NUMBER_KEY, "status_rank": STATUS_RANK}


def order_queryset(
    actor: Actor, filters: OrderFilters, *, sort: str = DEFAULT_SORT
) -> QuerySet[Order]:
    """The actor's visible orders narrowed by the filters, with the list's annotations (only
    those the filters and the sort need: compiling the query is much of a page's cost)."""
    return _narrowed(Order.objects.visible_to(actor), filters, sort)


def _narrowed(orders: QuerySet[Order], filters: OrderFilters, sort: str) -> QuerySet[Order]:
    needed = {key.name for key in SORTS[sort].keys} & set(SORT_EXPRESSIONS)
    orders = orders.annotate(
        list_date=LIST_DATE, **{name: SORT_EXPRESSIONS[name] for name in needed}
    )
    return orders.filter(_conditions(filters))


def _conditions(filters: OrderFilters) -> Q:
    condition = Q()
    if filters.q:
        condition &= _matches(filters.q)
    if filters.date_from:
        condition &= Q(list_date__gte=_day_start(filters.date_from))
    if filters.date_to:
        condition &= Q(list_date__lt=_day_start(filters.date_to + timedelta(days=1)))
    if filters.dealer is not None:
        condition &= Q(buyer_id=filters.dealer) | Q(buyer__parent_id=filters.dealer)
    if filters.author is not None:
        condition &= Q(author_id=filters.author)
    if filters.legal_entity is not None:
        condition &= Q(legal_entity_id=filters.legal_entity)
    if filters.subdealer is not None:
        condition &= Q(for_subdealer_id=filters.subdealer) | Q(buyer_id=filters.subdealer)
    if filters.kind:
        condition &= Q(kind=filters.kind)
    if filters.status:
        condition &= Q(status__in=filters.status)
    if filters.payment:
        condition &= payment_state_is(filters.payment)
    if filters.total_from is not None:
        condition &= Q(total__gte=filters.total_from)
    if filters.total_to is not None:
        condition &= Q(total__lte=filters.total_to)
    return condition


def _matches(fragment: str) -> Q:
    """The fragment anywhere in the portal or the 1C number, case-insensitive.

    On PostgreSQL the numbers are wrapped in COALESCE (the same values) so that the planner
    never answers it with the trigram indexes of migration 0003: over all companies' orders
    they cost tens of milliseconds for a fragment of common trigrams (``2024-0``); the list
    narrows by ``_prefilter`` instead, and this condition is checked on the rows it finds."""
    if connection.vendor != "postgresql":
        return Q(number__icontains=fragment) | Q(factory_number__icontains=fragment)
    number = Coalesce(F("number"), Value(""))
    factory_number = Coalesce(F("factory_number"), Value(""))
    return Q(IContains(number, fragment)) | Q(IContains(factory_number, fragment))


def _prefilter(part: str, organisation_id: int, fragment: str) -> Q:
    """PostgreSQL: only orders whose numbers hold every trigram of the fragment, read from the
    per-company trigram index of migration 0008 (the company being the buyer, or the seller, of
    this part of the list: ``bought`` or ``sold``). Narrows only: ``_matches`` still decides. Empty (no condition) for
    a fragment without a trigram (``99``): such fragments are common, and the list is read in
    its own order until a page of them is found."""
    if connection.vendor != "postgresql" or not fragment or not _has_trigram(fragment):
        return Q()
    from django.contrib.postgres.fields import ArrayField
    from django.contrib.postgres.lookups import DataContains

    tokens = Func(
        F("buyer_id"),
        F("seller_id"),
        F("number"),
        F("factory_number"),
        function="orders_search_tokens",
        output_field=ArrayField(TextField()),
    )
    side = f"{'b' if part == 'bought' else 's'}{organisation_id}:"
    wanted = Func(
        Value(side),
        Value(fragment),
        function="orders_search_query",
        output_field=ArrayField(TextField()),
    )
    return Q(DataContains(tokens, wanted))


def _has_trigram(fragment: str) -> bool:
    """Three letters or digits in a row, separators (`` -./_``) counting as letters, as the
    index of migration 0008 reads the numbers."""
    run = 0
    for char in fragment:
        run = run + 1 if char.isalnum() or char in SEARCH_SEPARATORS else 0
        if run == 3:
            return True
    return False


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _ordering(sort: Sort) -> list:
    return [F(key.name).desc() if key.descending else F(key.name).asc() for key in _all_keys(sort)]


def order_list(
    actor: Actor,
    filters: OrderFilters,
    *,
    sort: str = DEFAULT_SORT,
    after: str | None = None,
    limit: int = DEFAULT_LIMIT,
    count: bool = True,
) -> OrderPage:
    """One page of the actor's orders: two queries (the page and the count, which is free when
    the whole list fits the page), whatever the page size; a search on PostgreSQL reads the
    page in two steps (``_found``)."""
    sort = parse_sort(sort)
    spec = SORTS[sort]
    limit = max(1, min(int(limit), MAX_LIMIT))
    orders = order_queryset(actor, filters, sort=sort)
    counted = orders
    following = _after(_all_keys(spec), _decode_cursor(after, sort)) if after else Q()
    wanted = dict.fromkeys((*ROW_VALUES, *(key.name for key in spec.keys)))
    ordering = _ordering(spec)
    sides = _sides(actor, filters, sort, following) or [orders.filter(following)]
    if filters.q and connection.vendor == "postgresql":
        page = _found(sides, spec, limit)
    elif len(sides) == 1:
        page = sides[0].order_by(*ordering).values(*wanted)[: limit + 1]
    else:
        first, second = (side.order_by(*ordering).values(*wanted)[: limit + 1] for side in sides)
        page = first.union(second, all=True).order_by(*ordering)[: limit + 1]
    rows = [_row(values, spec) for values in page]
    has_next = len(rows) > limit
    rows = rows[:limit]
    next_cursor = _encode_cursor(sort, list(rows[-1].cursor_values)) if has_next else None
    total, estimate = None, False
    if count and not after and not has_next:
        total = len(rows)  # the whole list is on this page
    elif count:
        total, estimate = _count(counted)
        total = max(total, len(rows) + has_next)  # an estimate below what is seen looks wrong
    return OrderPage(
        rows=rows,
        sort=sort,
        has_next=has_next,
        next_cursor=next_cursor,
        count=total,
        count_is_estimate=estimate,
    )


def _found(sides: list[QuerySet[Order]], spec: Sort, limit: int) -> list[dict]:
    """A search's page (PostgreSQL), in two steps: the ids of the page from each side's
    narrowed orders (``_prefilter``), then those rows with their names. In one query the
    planner, sure that a fragment finds a row or two, joins the names to every found order
    before sorting (thousands for a common fragment such as ``ЗК-00``), not to the fifty shown.
    The ids come from the actor's list (``visible_to`` and the filters); the second step reads
    those rows by primary key and keeps the first step's order."""
    ordering = _ordering(spec)
    keys = [key.name for key in _all_keys(spec)]
    parts = [side.order_by(*ordering).values(*keys)[: limit + 1] for side in sides]
    found = parts[0].union(*parts[1:], all=True).order_by(*ordering) if parts[1:] else parts[0]
    ids = [row["id"] for row in found[: limit + 1]]
    if not ids:
        return []
    wanted = dict.fromkeys((*ROW_VALUES, *(key.name for key in spec.keys)))
    needed = {key.name for key in spec.keys} & set(SORT_EXPRESSIONS)
    rows = (
        Order.objects.filter(pk__in=ids)
        .annotate(list_date=LIST_DATE, **{name: SORT_EXPRESSIONS[name] for name in needed})
        .order_by()
        .values(*wanted)
    )
    by_id = {row["id"]: row for row in rows}
    return [by_id[pk] for pk in ids]


def _sides(actor: Actor, filters: OrderFilters, sort: str, following: Q) -> list[QuerySet[Order]]:
    """The actor's list in its parts (``Order.objects.visible_parts``: the orders its company
    buys, those it sells), each narrowed by the filters, the cursor and, for a search, the
    part's own entries of the search index (``_prefilter``); none on SQLite.

    Each part is an index-ordered scan on PostgreSQL ((buyer|seller, sort key, id) indexes)
    that stops after one page, and the database merges them — instead of sorting every order
    of a big dealer for each page. The parts carry their own condition only: ``visible_to``
    with ``buyer_id = …`` added made the planner count the company's share of the table twice
    (a part thirty times smaller than it is) and sort whole lists for a filter with an index of
    its own (the author, the total). SQLite can't order the parts of a UNION: one query there.
    """
    if not connection.features.supports_slicing_ordering_in_compound:
        return []
    organisation = actor.organisation_id
    return [
        _narrowed(part, filters, sort).filter(following, _prefilter(name, organisation, filters.q))
        for name, part in Order.objects.visible_parts(actor).items()
    ]


def _count(orders: QuerySet[Order]) -> tuple[int, bool]:
    """(count, is_estimate). Counting even up to a cap reads every matching row of a big
    dealer's list (a selective filter finds its 1000 rows only at the end), so on PostgreSQL
    the list shows the planner's estimate (kept close by the extended statistics of migration
    0003); elsewhere a COUNT over at most COUNT_CAP + 1 rows."""
    if connection.vendor == "postgresql":
        plan = orders.order_by().values("pk").explain(format="json")
        return _round(int(json.loads(plan)[0]["Plan"]["Plan Rows"])), True
    return orders.order_by().values("pk")[: COUNT_CAP + 1].count(), False


def _round(number: int) -> int:
    """Two significant digits: an estimate should not look exact."""
    if number < 100:
        return number
    scale = 10 ** (len(str(number)) - 2)
    return round(number / scale) * scale


def iter_rows(actor: Actor, filters: OrderFilters, *, sort: str, cap: int) -> Iterator[OrderRow]:
    """Every matching row (at most ``cap``) in batches of keyset pages: constant memory."""
    after, given = None, 0
    while given < cap:
        page = order_list(
            actor, filters, sort=sort, after=after, limit=min(MAX_LIMIT, cap - given), count=False
        )
        yield from page.rows
        given += len(page.rows)
        if not page.has_next:
            return
        after = page.next_cursor


# ---------------------------------------------------------------- columns


def _day(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise  # in the reader's language
    value: Callable[[OrderRow], object]  # typed value (for xlsx: dates, Decimal)
    text: Callable[[OrderRow], str]  # as shown on the page
    default: bool = True
    numeric: bool = False


def _column(key, label, value, text=None, *, default=True, numeric=False) -> Column:
    return Column(key, label, value, text or (lambda row: str(value(row) or "")), default, numeric)


COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        _column("number", _("Номер"), lambda r: r.title),
        _column("factory_number", _("Номер в 1С"), lambda r: r.factory_number),
        _column(
            "date", _("Дата"), lambda r: timezone.localtime(r.date).date(), lambda r: _day(r.date)
        ),
        _column("buyer", _("Покупатель"), lambda r: r.buyer_name),
        _column("legal_entity", _("Юрлицо"), lambda r: r.legal_entity_name, default=False),
        _column("subdealer", _("Субдилер"), lambda r: r.subdealer_name),
        _column("kind", _("Тип"), lambda r: r.kind_label, default=False),
        _column("status", _("Статус"), lambda r: r.status_label),
        _column("payment", _("Оплата"), lambda r: r.payment_label),
        _column(
            "total",
            _("Сумма с НДС"),
            lambda r: r.total,
            lambda r: format_money(r.total),
            numeric=True,
        ),
        _column(
            "desired_delivery_date",
            _("Желаемая дата"),
            lambda r: r.desired_delivery_date,
            lambda r: _day(r.desired_delivery_date),
            default=False,
        ),
        _column(
            "planned_delivery_date",
            _("Плановая дата"),
            lambda r: r.planned_delivery_date,
            lambda r: _day(r.planned_delivery_date),
            default=False,
        ),
        _column("author", _("Автор"), lambda r: r.author_name, default=False),
    )
}
DEFAULT_COLUMNS = tuple(key for key, column in COLUMNS.items() if column.default)


def columns_from(keys) -> list[Column]:
    """The chosen columns in the registry's order; unknown keys dropped; none → the defaults.
    The number is always shown (it is the link to the order)."""
    chosen = {key for key in keys or () if key in COLUMNS}
    if not chosen:
        chosen = set(DEFAULT_COLUMNS)
    chosen.add("number")
    return [column for key, column in COLUMNS.items() if key in chosen]


# ---------------------------------------------------------------- xlsx export

EXPORT_CAP = 100_000


def order_list_xlsx(
    actor: Actor, filters: OrderFilters, sort: str = DEFAULT_SORT, *, columns=None, cap=EXPORT_CAP
) -> bytes:
    """The filtered list as .xlsx (openpyxl write-only: rows stream out in keyset batches).
    At most ``cap`` rows; when there are more, the last line says so."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    chosen = columns_from(columns)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Заказы"))
    bold = Font(bold=True)
    header = []
    for column in chosen:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    rows = iter_rows(actor, filters, sort=parse_sort(sort), cap=cap + 1)
    for written, row in enumerate(rows):
        if written == cap:
            sheet.append(
                [
                    gettext(
                        "Выгружены первые %(cap)s заказов: уточните фильтры, чтобы увидеть все."
                    )
                    % {"cap": cap}
                ]
            )
            break
        sheet.append([_cell(sheet, column, row) for column in chosen])
    output = BytesIO()
    book.save(output)
    return output.getvalue()


def _cell(sheet, column: Column, row: OrderRow):
    from openpyxl.cell import WriteOnlyCell

    value = column.value(row)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, date):
        cell.number_format = "DD.MM.YYYY"
    return cell
