"""The configurator, pricing, billing, 1C import, notification and profile pages follow the
reader's language: headings, buttons, column headers, empty states and labels are English in
English and unchanged in Russian."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from portal.billing.services.invoices import invoice_issue_for_order
from portal.billing.services.payments import payment_register
from portal.billing.tests.builders import order
from portal.demo import configurator as demo_configurator
from portal.exchange.http.answers import CHARSET
from portal.exchange.http.catalog import run_answer
from portal.exchange.models import ImportRun
from portal.notifications.models import Notification


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def page(world, who, url, *, language):
    client = world.client(who)
    if language == "en":
        english(client)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def check(text, *, present, absent):
    for expected in present:
        assert expected in text, expected
    for unexpected in absent:
        assert unexpected not in text, unexpected


@pytest.fixture
def window(db):
    """The demo PVC window (a product model of kind «Окно»)."""
    return {model.code: model for model in demo_configurator.build()}["pvc-window"]


@pytest.fixture
def invoice(world):
    made = order(world, lines=[("Дверь", "1", "1000.00", "20")])
    issued = invoice_issue_for_order(actor=world.actor("accountant"), order_id=made.pk)
    payment = payment_register(
        actor=world.actor("accountant"),
        payer_id=issued.buyer_id,
        amount=Decimal("400.00"),
        on=date(2026, 3, 5),
        number="77",
        invoice_ids=[issued.pk],
    )
    return issued, payment


# Each page: (English shown, Russian gone) in English; the Russian strings stay in Russian.
CONFIGURATOR_LIST = (
    [
        "<h1>Configurator</h1>",
        ">Saved configurations</a>",
        ">Set up the model</a>",
        '<p class="muted">Window · ',
    ],
    [
        "<h1>Конфигуратор</h1>",
        "Сохранённые конфигурации",
        "Настроить модель",
        '<p class="muted">Окно · ',
    ],
)
MODEL_PAGE = (
    [
        "<legend>Parameters</legend>",
        '<h2 id="cfg-price">Price</h2>',
        ">Recalculate</button>",
        ">Save configuration</button>",
        "<title>Окно ПВХ — configurator · ",
    ],
    ["<legend>Параметры</legend>", "Пересчитать", "Сохранить конфигурацию", "— конфигуратор ·"],
)
SUBDEALER_PRICES = (
    [
        "<h1>Sub-dealer prices</h1>",
        "<h2>Markups</h2>",
        "<h2>Fixed prices</h2>",
        ">No markups.</td>",
        ">No fixed prices.</td>",
        ">Add or change</button>",
        ">Markup, %<",
        ">Product article<",
        "<th>Product</th><th>Sub-dealer</th><th>Price incl. VAT</th>",
    ],
    ["Цены для субдилеров", "<h2>Наценки</h2>", "Наценок нет.", "Добавить или изменить"],
)
DEALER_TERMS = (
    [
        "<h1>Dealer prices</h1>",
        "<th>Dealer</th><th>Price type</th><th>Discount</th>",
        '<span class="muted">base</span>',
        ">Edit</a>",
        ">Factory base price type<",
    ],
    ["<h1>Цены дилеров</h1>", "<th>Тип цен</th>", ">базовый<", ">Изменить</a>"],
)
PROMOTIONS = (
    [
        "<h1>Promotions</h1>",
        ">New promotion</a>",
        "<th>Name</th><th>Period</th><th>Discount</th><th>Groups</th><th>Dealers</th>",
        "<th>State</th>",
        "No promotions yet.",
    ],
    ["<h1>Акции</h1>", "Новая акция", "<th>Период</th>", "Акций пока нет."],
)
USERS = (
    [
        "<h1>Users</h1>",
        '<option value="employee">Employee</option>',
        '<option value="employee" selected>Dealer employee</option>',
        ">Dealer accountant</option>",
    ],
    [">Сотрудник</option>", "Сотрудник дилера", "Бухгалтер дилера"],
)
PROFILE = (
    [">Full name<", ">Interface language<", ">Phone<", "Dealer employee"],
    [">Имя и фамилия<", ">Язык интерфейса<", ">Телефон<", "Сотрудник дилера"],
)


# (who, page, (English strings, their Russian originals))
PAGES = [
    ("factory_admin", reverse("configurator:list"), CONFIGURATOR_LIST),
    ("dealer_a_employee", reverse("configurator:detail", args=["pvc-window"]), MODEL_PAGE),
    ("dealer_a_admin", reverse("catalog:pricing_subdealers"), SUBDEALER_PRICES),
    ("factory_admin", reverse("catalog:pricing_dealers"), DEALER_TERMS),
    ("factory_admin", reverse("catalog:pricing_promotions"), PROMOTIONS),
    ("dealer_a_employee", reverse("profile:edit"), PROFILE),
    ("dealer_a_admin", reverse("users:list"), USERS),
]


@pytest.mark.parametrize("who, url, strings", PAGES)
def test_pages_in_english(world, window, who, url, strings):
    shown, gone = strings
    check(page(world, who, url, language="en"), present=shown, absent=gone)


@pytest.mark.parametrize("who, url, strings", PAGES)
def test_pages_in_russian_are_unchanged(world, window, who, url, strings):
    shown, russian = strings
    check(page(world, who, url, language="ru"), present=russian, absent=shown)


def test_invoice_and_payment_names_in_english(world, invoice):
    issued, payment = invoice
    when = issued.date.strftime("%d.%m.%Y")
    text = page(world, "accountant", reverse("billing:invoice", args=[issued.pk]), language="en")
    check(
        text,
        present=[
            f"<title>Invoice No. {issued.number} of {when}",
            "Payment No. 77 of 05.03.2026</a>",
            f"{issued.buyer.name}, INN {issued.buyer.inn}</dd>",
        ],
        absent=["Счёт №", "Оплата №", ", ИНН "],
    )
    text = page(world, "accountant", reverse("billing:payment", args=[payment.pk]), language="en")
    check(
        text,
        present=[
            "<h1>Payment No. 77 of 05.03.2026</h1>",
            f"Invoice No. {issued.number} of {when}</a>",
        ],
        absent=["Оплата №", "Счёт №"],
    )


def test_invoice_and_payment_names_in_russian_are_unchanged(world, invoice):
    issued, payment = invoice
    text = page(world, "accountant", reverse("billing:invoice", args=[issued.pk]), language="ru")
    assert f"<title>{issued}" in text  # the model's own name, as before
    assert f"{payment}</a>" in text and ", ИНН " in text
    text = page(world, "accountant", reverse("billing:payment", args=[payment.pk]), language="ru")
    assert f"<h1>{payment}</h1>" in text and f"{issued}</a>" in text
    assert str(payment) == "Оплата № 77 от 05.03.2026"


def test_statement_page_in_english(world, invoice):
    entity = world.legal_entities["dealer_a"]
    url = reverse("billing:balance", args=[entity.pk])
    text = page(world, "accountant", url, language="en")
    check(
        text,
        present=[f"· INN {entity.inn}</p>", "<h2>Statement of account</h2>", ">From</label>"],
        absent=["ИНН", "Акт сверки"],
    )
    text = page(world, "accountant", url, language="ru")
    check(text, present=[f"· ИНН {entity.inn}</p>", "<h2>Акт сверки</h2>"], absent=["INN"])


def test_import_pages_in_english(world):
    run = ImportRun.objects.create(
        source=ImportRun.Source.UPLOAD,
        status=ImportRun.Status.SUCCESS,
        files=["import.xml"],
        counts={"products": {"created": 2, "updated": 1, "unchanged": 0, "withdrawn": 0}},
    )
    listing = page(world, "factory_admin", reverse("exchange:list"), language="en")
    check(
        listing,
        present=[">1C export files</label>", "or a zip archive with them", "Products: +2 ~1 =0"],
        absent=["Файлы выгрузки из 1С", "Товары:", ">Выполнен<"],
    )
    assert '<span class="badge badge--ok">Completed</span>' in listing
    detail = page(world, "factory_admin", reverse("exchange:detail", args=[run.pk]), language="en")
    check(detail, present=["<td>Products</td>", ">Completed</span>"], absent=["Товары"])


def test_import_pages_in_russian_are_unchanged(world):
    ImportRun.objects.create(
        source=ImportRun.Source.UPLOAD,
        status=ImportRun.Status.SUCCESS,
        files=["import.xml"],
        counts={"products": {"created": 2, "updated": 1, "unchanged": 0, "withdrawn": 0}},
    )
    listing = page(world, "factory_admin", reverse("exchange:list"), language="ru")
    assert ">Файлы выгрузки из 1С</label>" in listing and "Товары: +2 ~1 =0" in listing
    assert '<span class="badge badge--ok">Выполнен</span>' in listing


@pytest.mark.parametrize(
    "language, kind_label, heading",
    [("en", "Order confirmed", "<h1>Notifications</h1>"), ("ru", "Заказ подтверждён", None)],
)
def test_notification_kinds_follow_the_language(world, language, kind_label, heading):
    Notification.objects.create(
        recipient=world.users["dealer_a_employee"], kind="order_confirmed", title="Заказ 1"
    )
    text = page(world, "dealer_a_employee", reverse("notifications:list"), language=language)
    assert f'<span class="badge badge--info">{kind_label}</span>' in text
    if heading:
        assert heading in text and "Заказ подтверждён" not in text
        assert "<h1>Уведомления</h1>" not in text
    else:
        assert "<h1>Уведомления</h1>" in text and "Order confirmed" not in text


def test_1c_hears_the_import_status_in_russian_whatever_the_language(db):
    """The «Обмен с сайтом» answer to 1C and the audit log's name of a run never follow the
    request's language."""
    run = ImportRun.objects.create(source=ImportRun.Source.EXCHANGE, files=["import.xml"])
    with translation.override("en"):
        assert str(run.get_status_display()) == "Queued"  # the page would say so
        answer = run_answer(run).content.decode(CHARSET)
        kept = str(run)  # what the audit log keeps
    assert f"Импорт №{run.pk}: в очереди." in answer
    assert kept == f"Импорт №{run.pk} (В очереди)"
