"""The whole order journey in a real browser, on the demo data, as people click through it.

1. A dealer's employee configures a PVC window (the drawing and the price follow every
   change), saves it and puts five into the cart, adds catalog items by quick order and submits
   the cart for moderation.
2. The factory manager opens it from the moderation queue, asks a question and changes a line;
   the dealer sees exactly what changed and accepts.
3. The manager confirms, hands it to 1C and starts production; the factory marks four of the
   five windows ready and ships them under one shipment document; the dealer sees the order
   partially shipped: four windows in delivery, one still in production.
4. A sub-dealer orders from its dealer; the dealer accepts it and bundles it into an order to
   the factory (with the demo's other waiting sub-dealer order), which makes and ships it; the
   sub-dealer follows its own units and never sees the price its dealer pays the factory.

Every page must answer without a server error, JavaScript error or CSP violation. Loading the
demo takes seconds and the live server's database is emptied after every test, so each test
loads it once and walks its part of the journey in sequence.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from portal.billing.models import CreditLimit, CreditMode
from portal.catalog.configurator.models import ConfigurationSnapshot
from portal.catalog.models import Offer
from portal.orders.models import Order, OrderLine, OrderUnit
from portal.orders.workflow import OrderStatus
from portal.organisations.models import Organisation
from portal.pricing.formatting import format_money
from portal.pricing.resolver import prices_for
from tests.browser.conftest import login

DEALER = "sales@okna-pro.demo"
DEALER_ADMIN = "owner@okna-pro.demo"
MANAGER = "manager@zavod.demo"
SUBDEALER = "owner@himki.demo"
ORDER_PATH = re.compile(r"/orders/(\d+)/$")


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stdout=StringIO())
    # The journey is about orders, not credit: a blocking limit that the demo's billing story
    # may put Окна-Про over would refuse its submissions, so it only warns here.
    CreditLimit.objects.update(mode=CreditMode.WARN)


@pytest.fixture
def person(new_page):
    """A signed-in browser page that records server errors and JavaScript errors."""
    pages = []

    def sign_in(email: str):
        page = new_page()
        page.server_errors = []
        page.js_errors = []
        page.on(
            "response",
            lambda response: (
                page.server_errors.append(f"{response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        login(page, email)
        expect(page.locator(".topbar__company")).to_be_visible()
        pages.append(page)
        return page

    yield sign_in
    for page in pages:
        assert page.server_errors == [], page.server_errors
        assert page.js_errors == [], page.js_errors
        assert page.csp_errors == [], page.csp_errors


# helpers --------------------------------------------------------------------------------------


def orderable_offers(organisation: Organisation, count: int) -> list[Offer]:
    """Active offers with a price for ``organisation``, each the only offer of its product and
    of its article (so quick order and the catalog card find exactly it)."""
    offers = list(
        Offer.objects.filter(is_active=True, product__is_active=True)
        .exclude(article="")
        .select_related("product")
        .order_by("-pk")[:200]
    )
    prices = prices_for(organisation=organisation, offers=offers)
    chosen = []
    for offer in offers:
        if not prices[offer.pk].available:
            continue
        if Offer.objects.filter(article__iexact=offer.article).count() != 1:
            continue
        if offer.product.offers.filter(is_active=True).count() != 1:
            continue
        chosen.append(offer)
        if len(chosen) == count:
            return chosen
    raise AssertionError(f"the demo catalog has fewer than {count} offers for {organisation}")


def submit(page, locator) -> None:
    """Press a button that posts a form and wait for the page it leads to."""
    with page.expect_navigation():
        locator.click()


def act(page, path: str, *, fields: dict[str, str] | None = None) -> None:
    """A workflow button of the order page: open its panel when it has one, fill it, press it."""
    form = page.locator(f"form[action$='/{path}/']")
    panel = page.locator("details.action-panel", has=form)
    if panel.count():
        panel.locator("summary").click()
    for name, value in (fields or {}).items():
        form.locator(f"[name={name}]").fill(value)
    submit(page, form.locator("button[type=submit]"))


def status_of(page):
    return page.locator(".page-header .status")


def success(page):
    return page.locator(".message--success")


def open_from_queue(page, order: Order) -> None:
    page.goto("/orders/moderation/")
    submit(page, page.get_by_role("link", name=order.number, exact=True))
    expect(page.locator("h1")).to_have_text(f"Заказ {order.number}")


def unit_rows(page, line_name: str):
    return page.locator("table.units tbody tr", has_text=line_name)


def move_units(page, rows, step: str, *, count: int | None = None, document: str = "") -> None:
    """Tick the first ``count`` of the unit rows (all by default) and press the bulk step."""
    for index in range(rows.count() if count is None else count):
        rows.nth(index).locator("input[name=unit]").check()
    if document:
        page.fill("#units-shipment_document", document)
    submit(page, page.locator(f".units-form button[name=step][value={step}]"))


def bare(text: str) -> str:
    """Text without any kind of space, so «12 345,60» and «12345,60» compare equal."""
    return re.sub(r"[\s\u00a0\u202f\u2009]", "", text)


def money_forms(amount: Decimal) -> list[str]:
    """An amount as a page may write it, spaces aside: «12345,60» and «12345.60»."""
    digits = f"{amount:.2f}"
    return [digits.replace(".", ","), digits]


# the journey ----------------------------------------------------------------------------------


def test_dealer_order_from_configurator_to_partial_shipment(demo, person):
    okna = Organisation.objects.get(name="Окна-Про")
    first, second = orderable_offers(okna, 2)

    dealer = person(DEALER)
    window = configure_window_and_put_five_in_the_cart(dealer)
    add_by_quick_order(dealer, {first: 3, second: 2})
    order = submit_the_cart(dealer, window, [first, second])

    manager = person(MANAGER)
    changed, total_before = manager_asks_and_changes_a_line(manager, order, first)
    dealer_sees_the_change_and_accepts(dealer, order, changed, total_before)

    manager_confirms_and_starts_production(manager, order)
    factory_ships_four_windows_of_five(manager, order, window)
    dealer_sees_the_partial_shipment(dealer, order, window)


def configure_window_and_put_five_in_the_cart(page) -> str:
    page.goto("/configurator/pvc-window/")
    price = page.locator(".configurator__amount strong")
    drawing = page.locator(".configurator__drawing svg")
    expect(drawing).to_have_attribute("aria-label", "Окно ПВХ, 1300 × 1400 мм")
    expect(page.locator(".configurator__status--ok")).to_be_visible()
    initial = price.inner_text()

    # Each change is posted by htmx and the form is swapped: wait for the new drawing, then for
    # htmx to settle — it wires the new form's triggers only then, and a change made in between
    # (20 ms, longer on a busy machine) is lost.
    page.fill("#cfg-width", "1200")
    page.press("#cfg-width", "Tab")
    expect(drawing).to_have_attribute("aria-label", "Окно ПВХ, 1200 × 1400 мм")
    settled(page)
    page.fill("#cfg-height", "1300")
    page.press("#cfg-height", "Tab")
    expect(drawing).to_have_attribute("aria-label", "Окно ПВХ, 1200 × 1300 мм")
    settled(page)
    smaller = price.inner_text()
    assert money_value(smaller) < money_value(initial), (initial, smaller)

    sash = page.locator(".configurator__drawing [data-sash='1']")
    expect(sash).to_have_attribute("data-type", "tilt_turn")
    page.check("#cfg-sash_type_1-fixed")
    expect(sash).to_have_attribute("data-type", "fixed")
    # A fixed sash has no opening side and costs 3 900,00 ₽ less than a tilt-and-turn one.
    expect(page.locator("[name=opening_side_1]")).to_have_count(0)
    expect(price).not_to_have_text(smaller)
    assert money_value(smaller) - money_value(price.inner_text()) == Decimal("3900.00")
    expect(page.locator(".configurator__status--ok")).to_be_visible()
    final = price.inner_text()

    submit(page, page.get_by_role("button", name="Сохранить конфигурацию"))
    expect(success(page)).to_have_text("Конфигурация сохранена.")
    saved = ConfigurationSnapshot.objects.latest("pk")
    assert page.url.endswith(f"/configurator/saved/{saved.pk}/")
    assert money_value(page.locator(".configurator__amount strong").inner_text()) == money_value(
        final
    )

    page.fill(f"#add-snapshot-{saved.pk}", "5")
    page.locator(".cart-add").get_by_role("button", name="В корзину").click()
    expect(page.locator(".cart-add__status")).to_contain_text("Добавлено в корзину.")
    return saved.product_model.name


def settled(page) -> None:
    """No htmx request, swap or settle under way: the swapped content's triggers are wired."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def money_value(text: str) -> Decimal:
    """«20 964,00 ₽» → Decimal("20964.00")."""
    return Decimal(bare(text).removesuffix("₽").replace(",", "."))


def add_by_quick_order(page, quantities: dict[Offer, int]) -> None:
    page.goto("/cart/quick/")
    lines = "\n".join(f"{offer.article} {quantity}" for offer, quantity in quantities.items())
    page.fill("textarea[name=text]", lines + "\nНЕТ-ТАКОГО-АРТИКУЛА 1")
    submit(page, page.get_by_role("button", name="Проверить"))
    expect(page.locator("#quick-valid")).to_have_text("Допустимые строки: 2")
    expect(page.locator("#quick-errors")).to_have_text("Строки с ошибками: 1")
    submit(page, page.get_by_role("button", name="Добавить допустимые строки (2)"))
    assert page.url.endswith("/cart/")
    expect(success(page)).to_have_text(
        "В корзину добавлено строк: 2. Пропущено строк с ошибками: 1."
    )


def submit_the_cart(page, window: str, offers: list[Offer]) -> Order:
    page.goto("/cart/")
    rows = page.locator("#cart-lines tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text=window).locator("input[name=quantity]")).to_have_value("5")
    for offer in offers:
        expect(rows.filter(has_text=offer.article)).to_have_count(1)
    submit(page, page.get_by_role("button", name="Отправить на модерацию"))
    match = ORDER_PATH.search(page.url)
    assert match, page.url
    order = Order.objects.get(pk=match.group(1))
    expect(success(page)).to_have_text(f"Заказ {order.number} отправлен на модерацию.")
    expect(status_of(page)).to_have_text("На модерации")
    expect(page.locator("table.order-lines tbody tr")).to_have_count(3)
    expect(page.get_by_text("Корзина пуста")).to_have_count(0)
    return order


def manager_asks_and_changes_a_line(page, order: Order, offer: Offer) -> tuple[OrderLine, Decimal]:
    open_from_queue(page, order)
    act(page, "ask", fields={"text": "Подоконники нужны к этим окнам?"})
    expect(success(page)).to_have_text("Вопрос отправлен покупателю.")
    expect(status_of(page)).to_have_text("Ожидает ответа")

    line = order.lines.get(offer=offer)
    assert line.quantity == 3
    total_before = line.line_total
    form = page.locator("form[action$='/change-lines/']")
    page.locator("details.action-panel", has=form).locator("summary").click()
    form.locator(f"[name=quantity-{line.pk}]").fill("4")
    form.locator("[name=comment]").fill("Минимальная партия — 4 шт.")
    submit(page, form.get_by_role("button", name="Сохранить строки"))
    expect(success(page)).to_have_text("Строки изменены. Покупатель увидит изменения и ответит.")
    expect(status_of(page)).to_have_text("Ожидает ответа")
    line.refresh_from_db()
    assert line.quantity == 4
    assert line.line_total == line.unit_price * 4
    return line, total_before


def dealer_sees_the_change_and_accepts(
    page, order: Order, line: OrderLine, total_before: Decimal
) -> None:
    page.goto(f"/orders/{order.pk}/")
    expect(status_of(page)).to_have_text("Ожидает ответа")
    callout = page.locator(".callout--warn")
    expect(callout).to_contain_text("Продавец изменил заказ")
    expect(callout.locator("ul.diff li")).to_have_text(
        [
            f"Строка {line.position} «{line.name}»: количество 3 → 4, "
            f"сумма {format_money(total_before)} → {format_money(line.line_total)}"
        ]
    )
    expect(callout).to_contain_text("Минимальная партия — 4 шт.")
    expect(page.locator("#history")).to_contain_text("Подоконники нужны к этим окнам?")
    row = page.locator("table.order-lines tbody tr").nth(line.position - 1)
    expect(row.locator("td").nth(2)).to_have_text(re.compile(r"^4 "))

    submit(page, page.get_by_role("button", name="Принять изменения"))
    expect(success(page)).to_have_text("Изменения приняты, заказ снова на модерации.")
    expect(status_of(page)).to_have_text("На модерации")
    page.fill("#comment-text", "Подоконники не нужны, спасибо.")
    submit(page, page.get_by_role("button", name="Отправить комментарий"))
    expect(page.locator("#comments .comment").last).to_contain_text(
        "Подоконники не нужны, спасибо."
    )


def manager_confirms_and_starts_production(page, order: Order) -> None:
    open_from_queue(page, order)
    expect(page.locator("#comments")).to_contain_text("Подоконники не нужны, спасибо.")
    act(page, "confirm", fields={"comment": "Сроки — три недели."})
    expect(status_of(page)).to_have_text("Подтверждён")
    act(page, "hand-to-1c", fields={"factory_number": "ЗК-777001"})
    expect(status_of(page)).to_have_text("Отмодерирован")
    act(page, "start-production")
    expect(status_of(page)).to_have_text("В производстве")


def factory_ships_four_windows_of_five(page, order: Order, window: str) -> None:
    windows = unit_rows(page, window)
    expect(windows).to_have_count(5)
    expect(windows.locator(".unit-status")).to_have_text(["В производстве"] * 5)
    move_units(page, windows, "ready", count=4)
    expect(success(page)).to_have_text("Отмечено готовыми изделий: 4.")
    expect(windows.locator(".unit-status")).to_have_text(["Готово"] * 4 + ["В производстве"])

    move_units(page, windows.filter(has_text="Готово"), "ship", document="РН-7001")
    expect(success(page)).to_have_text("Отгружено изделий: 4.")
    expect(status_of(page)).to_have_text("Частично отгружен")


def dealer_sees_the_partial_shipment(page, order: Order, window: str) -> None:
    page.goto(f"/orders/{order.pk}/")
    expect(status_of(page)).to_have_text("Частично отгружен")
    windows = unit_rows(page, window)
    expect(windows.locator(".unit-status")).to_have_text(["В доставке"] * 4 + ["В производстве"])
    expect(windows.filter(has_text="В доставке").locator("td.mono").first).to_have_text("РН-7001")
    expect(page.locator("#history")).to_contain_text(
        "Отгружено изделий: 4, документ отгрузки № РН-7001"
    )

    page.goto(f"/orders/?q={order.number}")
    row = page.locator("tr", has_text=order.number)
    expect(row.locator(".status")).to_have_text("Частично отгружен")


def test_subdealer_order_bundled_to_the_factory(demo, person):
    okna = Organisation.objects.get(name="Окна-Про")
    himki = Organisation.objects.get(name="Окна Химки")
    (offer,) = orderable_offers(himki, 1)
    purchase = prices_for(organisation=okna, offers=[offer])[offer.pk].amount
    assert purchase is not None

    sub = person(SUBDEALER)
    seen: list[str] = []  # every page the sub-dealer saw: its text and its HTML

    def look(page) -> None:
        seen.append(page.locator("body").inner_text())
        seen.append(page.content())

    own = subdealer_orders_from_the_catalog(sub, offer, look)

    # The demo has another sub-dealer order waiting for Окна-Про: it goes into the same bundle.
    waiting = Order.objects.filter(seller=okna, status=OrderStatus.ON_MODERATION)
    orders = [own, *waiting.exclude(pk=own.pk)]
    dealer = person(DEALER_ADMIN)
    bundle = dealer_accepts_and_bundles(dealer, orders)
    assert {order.pk for order in bundle.bundled_orders.all()} == {order.pk for order in orders}
    look_at_own_order(sub, own, "Отмодерирован", None, look)
    sub_line = own.lines.get()
    factory_line = bundle.lines.get(source_line=sub_line)
    assert factory_line.unit_price == purchase

    manager = person(MANAGER)
    open_from_queue(manager, bundle)
    act(manager, "confirm")
    act(manager, "hand-to-1c", fields={"factory_number": "ЗК-777002"})
    act(manager, "start-production")
    expect(status_of(manager)).to_have_text("В производстве")
    look_at_own_order(sub, own, "В производстве", "В производстве", look)

    units = manager.locator("table.units tbody tr")
    count = OrderUnit.objects.filter(line__order=bundle).count()
    expect(units).to_have_count(count)
    move_units(manager, units, "ready")
    expect(success(manager)).to_have_text(f"Отмечено готовыми изделий: {count}.")
    look_at_own_order(sub, own, "В производстве", "Готово", look)

    move_units(manager, units, "ship", document="РН-7002")
    expect(success(manager)).to_have_text(f"Отгружено изделий: {count}.")
    look_at_own_order(sub, own, "Частично отгружен", "В доставке", look)
    sub.locator("table.units").get_by_role("link", name="История").first.click()
    expect(sub.locator("h1")).to_contain_text(sub_line.name)
    expect(sub.locator(".timeline")).to_contain_text("документ отгрузки № РН-7002")
    look(sub)

    # The dealer's order to the factory is not the sub-dealer's to see.
    response = sub.goto(f"/orders/{bundle.pk}/")
    assert response.status == 404

    secrets = [money_forms(purchase), money_forms(factory_line.line_total)]
    text = bare("\n".join(seen))
    assert money_forms(sub_line.unit_price)[0] in text  # its own price is there, as written
    for forms in secrets:
        for form in forms:
            assert form not in text, f"the sub-dealer saw the factory price {form}"
    assert sub_line.unit_price != purchase


def subdealer_orders_from_the_catalog(page, offer: Offer, look) -> Order:
    page.goto("/catalog/")
    page.fill("input[type=search]", offer.article)
    card = page.locator(".product-card", has_text=offer.article)
    expect(page.locator(".product-card")).to_have_count(1)
    look(page)
    card.locator("input[name=quantity]").fill("2")
    card.get_by_role("button", name="В корзину").click()
    expect(card.locator(".cart-add__status")).to_contain_text("Добавлено в корзину.")

    page.goto("/cart/")
    expect(page.locator(".page-header__meta")).to_have_text(
        "Заказ уйдёт вашему дилеру, цены — дилера для вас."
    )
    expect(page.locator("#cart-lines tbody tr")).to_have_count(1)
    look(page)
    submit(page, page.get_by_role("button", name="Отправить на модерацию"))
    match = ORDER_PATH.search(page.url)
    assert match, page.url
    order = Order.objects.get(pk=match.group(1))
    expect(status_of(page)).to_have_text("На модерации")
    expect(page.locator(".facts")).to_contain_text("Окна-Про")
    look(page)
    return order


def dealer_accepts_and_bundles(page, orders: list[Order]) -> Order:
    for order in orders:
        open_from_queue(page, order)
        act(page, "confirm", fields={"comment": "Принято, передаём на завод."})
        expect(status_of(page)).to_have_text("Подтверждён")

    page.goto("/cart/bundle/")
    for order in orders:
        page.check(f"input[name=orders][value='{order.pk}']")
    submit(page, page.get_by_role("button", name="Собрать заказ на завод"))
    expect(success(page)).to_have_text("Заказ на завод собран: проверьте его и отправьте.")
    match = ORDER_PATH.search(page.url)
    assert match, page.url
    bundle = Order.objects.get(pk=match.group(1))
    expect(status_of(page)).to_have_text("Черновик")
    act(page, "submit")
    bundle.refresh_from_db()
    expect(success(page)).to_have_text(f"Заказ {bundle.number} отправлен на модерацию.")
    expect(status_of(page)).to_have_text("На модерации")
    return bundle


def look_at_own_order(page, order: Order, status: str, unit: str | None, look) -> None:
    page.goto(f"/orders/{order.pk}/")
    expect(status_of(page)).to_have_text(status)
    if unit is not None:
        count = OrderUnit.objects.filter(origin_line__order=order).count()
        assert count > 0
        expect(page.locator("table.units .unit-status")).to_have_text([unit] * count)
    look(page)
