"""The catalog, the cart, an order with its units and the two other ways to fill the cart
(quick order, Excel import) follow the reader's language: headings, buttons, column headers,
filter labels, sorts and unit statuses. In Russian the same pages keep their Russian text."""

from datetime import timedelta

from django.urls import reverse
from django.utils import translation

from portal.orders import services
from portal.orders.models import OrderUnit
from portal.web.templatetags.orders_tags import duration_text, line_changes

from .cart_shop import make_shop
from .orders_helpers import build_shop, in_production


def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def assert_shows(page: str, present, absent) -> None:
    for fragment in present:
        assert fragment in page, fragment
    for fragment in absent:
        assert fragment not in page, fragment


def test_catalog_list_in_english(world):
    make_shop(world)
    client = english(world.client("dealer_a_employee"))
    page = text(client.get(reverse("catalog:list")))
    assert_shows(
        page,
        [
            "<h1>Catalogue</h1>",
            ">Price list (Excel)</a>",
            ">Whole catalogue</a>",
            ">Search</label>",
            'placeholder="Name or article"',
            ">In stock</label>",
            ">Sort by</label>",
            '<option value="price">Cheapest first</option>',
            ">Show</button>",
            ">Reset</a>",
            "Page 1",
            "Дверь «Классик»",  # data stays as it is
        ],
        ["Каталог", "Весь каталог", "Сортировка", "Сначала дешёвые", ">Показать<", "Страница"],
    )


def test_catalog_list_in_russian_is_unchanged(world):
    make_shop(world)
    page = text(world.client("dealer_a_employee").get(reverse("catalog:list")))
    assert_shows(
        page,
        ["<h1>Каталог</h1>", ">Весь каталог</a>", ">Поиск</label>", "Сначала дешёвые"],
        ["Whole catalogue", "Cheapest first", "Sort by"],
    )


def test_product_page_in_english(world):
    shop = make_shop(world)
    client = english(world.client("dealer_a_employee"))
    page = text(client.get(reverse("catalog:product", args=[shop.door.product_id])))
    assert_shows(
        page,
        [
            "<h2>Price</h2>",
            "<th>Variant</th>",
            '<th class="nowrap">Price incl. VAT</th>',
            "<h2>Stock in warehouses</h2>",
            "Out of stock.",
            ">Add to cart</button>",
            "How this price is made up",
            "<span>Dealer discount −5%</span>",  # make_shop gives the dealer 5 %
            "<span>Dealer&#x27;s purchase price</span>",
        ],
        [
            "Цена с НДС",
            "Остатки на складах",
            "Нет на складах.",
            "Вариант",
            "В корзину",
            "Скидка дилера",
            "Закупочная цена дилера",
        ],
    )


def test_product_page_in_russian_is_unchanged(world):
    shop = make_shop(world)
    client = world.client("dealer_a_employee")
    page = text(client.get(reverse("catalog:product", args=[shop.door.product_id])))
    assert_shows(
        page,
        ["<h2>Цена</h2>", "<th>Вариант</th>", "<h2>Остатки на складах</h2>", "Нет на складах."],
        ["Stock in warehouses", "Variant"],
    )


def test_cart_in_english(world):
    shop = make_shop(world)
    services.cart_add(actor=world.actor("dealer_a_employee"), offer_id=shop.door.pk, quantity="2")
    client = english(world.client("dealer_a_employee"))
    page = text(client.get(reverse("cart:detail")))
    assert_shows(
        page,
        [
            "<h1>Cart</h1>",
            "The order goes to the factory.",
            ">Import from Excel</a>",
            "<th>Product</th><th>Article</th><th>Quantity</th>",
            "Total incl. VAT:",
            ">Delete</button>",
            "<h2>Place the order</h2>",
            ">Order type<",
            ">Create draft</button>",
            ">Submit for moderation</button>",
        ],
        ["Корзина", "Товар", "Итого с НДС", "Оформление", "Тип заказа", "Создать черновик"],
    )


def test_cart_in_russian_is_unchanged(world):
    shop = make_shop(world)
    services.cart_add(actor=world.actor("dealer_a_employee"), offer_id=shop.door.pk, quantity="2")
    page = text(world.client("dealer_a_employee").get(reverse("cart:detail")))
    assert_shows(
        page,
        [
            "<h1>Корзина</h1>",
            "<th>Товар</th><th>Артикул</th><th>Количество</th>",
            "Итого с НДС:",
            ">Отправить на модерацию</button>",
        ],
        ["Place the order", "Create draft"],
    )


def units_order(world):
    """A made-to-measure order of three windows: one ready, one shipped, one in production."""
    shop = build_shop()
    order = in_production(world, [(shop.window, "3")])
    units = list(OrderUnit.objects.filter(line__order=order).order_by("pk"))
    manager = world.actor("manager_a")
    services.units_mark_ready(actor=manager, order_id=order.pk, unit_ids=[u.pk for u in units[:2]])
    services.units_ship(
        actor=manager, order_id=order.pk, unit_ids=[units[0].pk], shipment_document="РН-7"
    )
    return order


def test_order_detail_with_units_in_english(world):
    order = units_order(world)
    client = english(world.client("dealer_a_employee"))
    page = text(client.get(reverse("orders:detail", args=[order.pk])))
    assert_shows(
        page,
        [
            f"Order {order.number}",
            '<h2 id="units-title">Items</h2>',
            'unit-status--in_delivery">In delivery</span>',
            'unit-status--ready">Ready</span>',
            'unit-status--in_production">In production</span>',
            "Mark as received",
        ],
        ["Изделия", ">В доставке<", ">Готово<", "Отметить полученными"],
    )


def test_order_detail_with_units_in_russian_is_unchanged(world):
    order = units_order(world)
    page = text(world.client("dealer_a_employee").get(reverse("orders:detail", args=[order.pk])))
    assert_shows(
        page,
        [
            '<h2 id="units-title">Изделия</h2>',
            'unit-status--in_delivery">В доставке</span>',
            'unit-status--ready">Готово</span>',
            "Отметить полученными",
        ],
        ["In delivery", "Mark as received"],
    )


def test_a_refused_unit_step_names_the_statuses_in_russian_in_english(world):
    """The refusal is Russian text whatever the reader's language, statuses included."""
    order = units_order(world)
    unit = OrderUnit.objects.filter(line__order=order, status="in_production").get()
    client = english(world.client("manager_a"))
    data = {"step": "ship", "unit": [unit.pk], "shipment_document": "1"}
    page = text(client.post(reverse("orders:units_move", args=[order.pk]), data, follow=True))
    assert "— «В производстве»: отгрузить можно только изделия в статусе «Готово»." in page


def test_quick_order_in_english(world):
    make_shop(world)
    client = english(world.client("dealer_a_employee"))
    page = text(client.get(reverse("cart:quick")))
    assert_shows(
        page,
        ["<h1>Quick order</h1>", ">Order lines<", "One line per product", ">Check</button>"],
        ["Быстрый заказ", "Строки заказа", "Одна строка — один товар", ">Проверить<"],
    )
    page = text(client.post(reverse("cart:quick"), {"action": "check", "text": "DV-100 2\nX 1"}))
    assert_shows(
        page,
        [
            "Lines with errors: 1",
            "Valid lines: 1",
            "<th>Row</th><th>Text</th><th>Reason</th>",
            ">Add valid lines (1)</button>",
        ],
        ["Строки с ошибками", "Допустимые строки", "<th>Причина</th>"],
    )


def test_quick_order_in_russian_is_unchanged(world):
    make_shop(world)
    client = world.client("dealer_a_employee")
    page = text(client.post(reverse("cart:quick"), {"action": "check", "text": "DV-100 2\nX 1"}))
    assert_shows(
        page,
        [
            "<h1>Быстрый заказ</h1>",
            "Строки с ошибками: 1",
            "Допустимые строки: 1",
            ">Добавить допустимые строки (1)</button>",
        ],
        ["Quick order", "Valid lines"],
    )


def test_excel_import_page_in_english(world):
    client = english(world.client("dealer_a_employee"))
    page = text(client.get(reverse("cart:import")))
    assert_shows(
        page,
        [
            "<h1>Order from Excel</h1>",
            ">Download the order form (.xlsx)</a>",
            ">Order file (.xlsx or .xls)<",
            "Up to ",
            ">Check file</button>",
            ">Cart</a>",
        ],
        ["Заказ из Excel", "Скачать бланк", "Файл заказа", "Проверить файл", "Не больше"],
    )


def test_excel_import_page_in_russian_is_unchanged(world):
    page = text(world.client("dealer_a_employee").get(reverse("cart:import")))
    assert_shows(
        page,
        ["<h1>Заказ из Excel</h1>", "Скачать бланк заказа (.xlsx)", ">Проверить файл</button>"],
        ["Order from Excel", "Check file"],
    )


def test_waiting_times_and_line_changes_follow_the_language():
    diff = {
        "added": [{"position": 2, "name": "Окно", "quantity": "5", "unit_price": "7539.5"}],
        "changed": [
            {
                "position": 1,
                "name": "Дверь",
                "quantity": ["5", "2.5"],
                "unit_price": ["1000", "950"],
            }
        ],
        "fields": {"colour": ["", "белый"]},
    }
    with translation.override("en"):
        assert duration_text(timedelta(hours=2, minutes=15)) == "2 h 15 min"
        assert duration_text(timedelta(seconds=20)) == "less than a minute"
        assert line_changes(diff) == [
            "Line 2 “Окно” added: quantity 5, price 7,539.50",
            "Line 1 “Дверь”: quantity 5 → 2.5, price 1,000.00 → 950.00",
            "Colour: — → белый",
        ]
    with translation.override("ru"):
        assert duration_text(timedelta(days=3, hours=4)) == "3 дн 4 ч"
        assert line_changes(diff) == [
            "Добавлена строка 2 «Окно»: количество 5, цена 7\u202f539,50",
            "Строка 1 «Дверь»: количество 5 → 2,5, цена 1\u202f000,00 → 950,00",
            "Цвет: — → белый",
        ]


def test_unit_page_and_audit_log_in_english(world):
    order = units_order(world)
    unit = OrderUnit.objects.filter(line__order=order, status="ready").get()
    manager = english(world.client("manager_a"))
    page = text(manager.get(reverse("orders:unit", args=[unit.pk])))
    assert f">Order {order.number}</a>" in page and "Заказ " not in page
    audit = text(english(world.client("factory_admin")).get("/audit/"))
    assert_shows(audit, ["Items ready", "Order put into production"], ["Изделия готовы"])
    russian = text(world.client("factory_admin").get("/audit/"))
    assert "Изделия готовы" in russian and "Items ready" not in russian
    page = text(world.client("manager_a").get(reverse("orders:unit", args=[unit.pk])))
    assert f">Заказ {order.number}</a>" in page
